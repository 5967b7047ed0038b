import { existsSync } from 'node:fs';
import { MAX_TMUX_SERVERS, tmuxServerSocket } from '@rdv/contract/home';
import { SESSION_PREFIX } from './tmux-args.ts';
import { paneDiedChannel, type CaptureOptions } from './tmux-commands.ts';
import { describeCommands, TmuxError } from './tmux-error.ts';
import type { ChannelEvent } from './control-channel.ts';
import type { PaneInfo, TmuxSessionInfo } from './tmux-formats.ts';
import { TmuxServer, type NewSessionOptions, type TmuxClient, type TmuxOptions } from './tmux.ts';

export interface TmuxServersOptions extends TmuxOptions {
  /**
   * How many tmux servers the sessions are spread over: server 0 listens on `socketPath`,
   * server i on `<name>-<i><ext>` beside it. @default 1
   */
  servers?: number;
}

/** The session named by a command's `-t` (`=name`, `=name:`, `=name:0.1`), if it has one. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A listing whose lines start with the session's name (`list-panes -a -F '#{session_name}…'`). */
function namesSessions(commands: ReadonlyArray<readonly string[]>): boolean {
  const [command] = commands;
  return commands.length === 1 && command![0] === 'list-panes' && (command!.at(-1) ?? '').startsWith('#{session_name}');
}

/** What tmux says with no server on the socket, without asking it. */
function noServerError(commands: ReadonlyArray<readonly string[]>): TmuxError {
  return new TmuxError(describeCommands(commands), { stderr: 'no server running (no socket)', exitCode: 1, timedOut: false });
}

function targetSessionOf(command: readonly string[]): string | undefined {
  const at = command.indexOf('-t');
  const target = at >= 0 ? command[at + 1] : undefined;
  if (target === undefined || !target.startsWith('=')) return undefined;
  return target.slice(1).split(':')[0];
}

/**
 * rdv's tmux: its sessions spread over `servers` dedicated tmux servers, one socket each. A tmux
 * server is one thread that reads every pane it holds in one loop, so a session shares its
 * echo's latency with every other session of its server: with 49 sessions flooding, a keystroke
 * on the 50th waits tens of milliseconds for that loop, and on a server of its own it does not
 * (bench/tmux-isolation.ts). A new session goes to the server holding the fewest; every call
 * about a session goes to the server that holds it (found by listing, and remembered), and calls
 * about all sessions go to every server that runs. The API is one server's.
 */
export class Tmux {
  readonly bin: string;
  /** Server 0's socket: where a daemon of one server, or an older rdv, kept every session. */
  readonly socketPath: string;
  private readonly servers: TmuxServer[];
  /** Which server holds each session rdv knows of. */
  private readonly placement = new Map<string, number>();
  private channelEvents: ((event: ChannelEvent) => void) | undefined;
  /** Resolved (and replaced) whenever a server starts holding its first session. */
  private serverAdded = deferred();
  /** Placement was learnt from the servers once (sessions an earlier daemon made). */
  private placementKnown = false;
  /** Each server's pending `waitForAnyPaneDeath` waiter, by server index. */
  private readonly deathWaiters = new Map<number, Promise<void>>();
  /** Ends every waiter (dispose, kill-server). */
  private waiters = new AbortController();

  constructor(options: TmuxServersOptions) {
    const count = Math.max(1, Math.min(MAX_TMUX_SERVERS, Math.floor(options.servers ?? 1)));
    this.socketPath = options.socketPath;
    this.servers = Array.from(
      { length: count },
      (_, index) => new TmuxServer({ ...options, socketPath: tmuxServerSocket(options.socketPath, index) }),
    );
    this.bin = this.servers[0]!.bin;
  }

  /** `rdv-<id>`; ids are limited to letters, digits, `_` and `-`. */
  static sessionName(id: string): string {
    return TmuxServer.sessionName(id);
  }

  static isRdvSessionName(name: string): boolean {
    return name.startsWith(SESSION_PREFIX) && name.length > SESSION_PREFIX.length;
  }

  /** The id in `rdv-<id>`, or null for a session rdv did not name. */
  static idFromSessionName(name: string): string | null {
    return TmuxServer.idFromSessionName(name);
  }

  /** How many servers the sessions are spread over. */
  get serverCount(): number {
    return this.servers.length;
  }

  /** Every server's socket path, server 0 first. */
  get socketPaths(): string[] {
    return this.servers.map((server) => server.socketPath);
  }

  /** True when some server may run: its socket file exists (or its control channel is open). */
  get anyServerRuns(): boolean {
    return this.servers.some((server) => this.runs(server));
  }

  /** The server that holds `name`: remembered, else found by asking each that runs. */
  async serverOf(name: string): Promise<TmuxServer> {
    const known = this.placement.get(name);
    if (known !== undefined) return this.servers[known]!;
    if (this.servers.length > 1) {
      for (const [index, server] of this.servers.entries()) {
        if (!this.runs(server)) continue;
        if (await server.hasSession(name).catch(() => false)) {
          this.placement.set(name, index);
          return server;
        }
      }
    }
    // Nowhere: server 0 answers (not found, no server) as a single server would.
    return this.servers[0]!;
  }

  /** What a control-mode client (`TerminalHub`) on `name`'s server is started with. */
  async controlArgs(name: string): Promise<{ bin: string; globalArgs: readonly string[]; env: NodeJS.ProcessEnv }> {
    return (await this.serverOf(name)).controlArgs();
  }

  /** `names` in runs of the same server, in order (one client per run keeps their order). */
  async serverRuns(names: readonly string[]): Promise<Array<{ server: TmuxServer; names: string[] }>> {
    const runs: Array<{ server: TmuxServer; names: string[] }> = [];
    for (const name of names) {
      const server = await this.serverOf(name);
      const last = runs.at(-1);
      if (last?.server === server) last.names.push(name);
      else runs.push({ server, names: [name] });
    }
    return runs;
  }

  /** argv for a process that attaches to `name` (the CLI's fallback when the daemon is down). */
  async attachArgs(name: string): Promise<{ file: string; args: string[]; env: NodeJS.ProcessEnv }> {
    return (await this.serverOf(name)).attachArgs(name);
  }

  /** Each server's commands go over a long-lived control client of its own (control-channel.ts). */
  useControlChannel(onEvent: (event: ChannelEvent) => void): void {
    this.channelEvents = onEvent;
    for (const server of this.servers) server.useControlChannel(onEvent);
  }

  get channelOpen(): boolean {
    return this.servers.some((server) => server.channelOpen);
  }

  /** Attaches each server's closed control channel to one of `names` it holds. */
  attachChannel(names: readonly string[]): void {
    for (const [index, server] of this.servers.entries()) {
      const mine = this.servers.length === 1 ? names : names.filter((name) => this.placement.get(name) === index);
      server.attachChannel(mine);
    }
  }

  dispose(): void {
    this.stopWaiters();
    for (const server of this.servers) server.dispose();
  }

  private stopWaiters(): void {
    this.waiters.abort();
    this.waiters = new AbortController();
    this.deathWaiters.clear();
  }

  /**
   * Runs commands (see TmuxServer.run). Commands about a session go to its server, in runs of
   * the same server, and their output is joined in order; commands about no session (`list-panes
   * -a`) run on every server that runs, and their outputs are joined (no server: tmux's error).
   */
  async run(
    commands: ReadonlyArray<readonly string[]>,
    options: { timeoutMs?: number; startServer?: boolean } = {},
  ): Promise<string> {
    const targets = commands.map(targetSessionOf);
    const aboutAll = targets.every((target) => target === undefined);
    // No socket file, no server: a listing needs no tmux process to say so (after a reboot, the
    // start-up census would otherwise spawn one only to hear "no server running").
    if (aboutAll && !options.startServer && !this.anyServerRuns) throw noServerError(commands);
    if (this.servers.length === 1) return this.servers[0]!.run(commands, options);
    if (aboutAll) return this.runEverywhere(commands, options);
    if (targets.some((target) => target === undefined)) {
      throw new Error('tmux commands about one session and about all of them cannot share a call');
    }
    let out = '';
    let at = 0;
    for (const run of await this.serverRuns(targets as string[])) {
      out += await run.server.run(commands.slice(at, at + run.names.length), options);
      at += run.names.length;
    }
    return out;
  }

  private async runEverywhere(
    commands: ReadonlyArray<readonly string[]>,
    options: { timeoutMs?: number; startServer?: boolean },
  ): Promise<string> {
    let out = '';
    let answered = false;
    let noServer: TmuxError | undefined;
    const listing = namesSessions(commands);
    for (const [index, server] of this.servers.entries()) {
      if (!this.runs(server)) continue;
      try {
        const part = await server.run(commands, options);
        if (listing) this.remember(part, index);
        out += part;
        answered = true;
      } catch (error) {
        if (!(error instanceof TmuxError && error.isNoServer)) throw error;
        noServer = error;
      }
    }
    if (answered) {
      if (listing) this.placementKnown = true;
      return out;
    }
    if (noServer) throw noServer;
    // No server runs at all: let server 0 say so, as one server would.
    return this.servers[0]!.run(commands, options);
  }

  /** Is tmux usable: every server that runs answers (none running is fine, as for one server). */
  async ping(): Promise<boolean> {
    const running = this.servers.filter((server) => this.runs(server));
    const answers = await Promise.all((running.length > 0 ? running : [this.servers[0]!]).map((server) => server.ping()));
    return answers.every(Boolean);
  }

  /** Every session on every server with its first pane; remembers where each one is. */
  async listSessions(): Promise<TmuxSessionInfo[]> {
    const all: TmuxSessionInfo[] = [];
    for (const [index, server] of this.servers.entries()) {
      if (!this.runs(server)) continue;
      const sessions = await server.listSessions();
      for (const session of sessions) this.placement.set(session.name, index);
      all.push(...sessions);
    }
    this.placementKnown = true;
    return all;
  }

  /** Creates a detached session on the server that holds the fewest (the first ones get one each). */
  async newSession(options: NewSessionOptions): Promise<void> {
    if (!this.placementKnown && this.servers.length > 1) await this.listSessions().catch(() => undefined);
    const index = this.leastLoaded();
    const server = this.servers[index]!;
    const wasEmpty = this.load(index) === 0;
    this.placement.set(options.name, index);
    try {
      await server.newSession(options);
    } catch (error) {
      this.placement.delete(options.name);
      throw error;
    }
    if (wasEmpty) this.announceServer();
  }

  async killSession(name: string): Promise<boolean> {
    const killed = await (await this.serverOf(name)).killSession(name);
    this.placement.delete(name);
    return killed;
  }

  async hasSession(name: string): Promise<boolean> {
    return (await this.serverOf(name)).hasSession(name);
  }

  async sendText(name: string, text: string): Promise<void> {
    return (await this.serverOf(name)).sendText(name, text);
  }

  async sendEnter(name: string): Promise<void> {
    return (await this.serverOf(name)).sendEnter(name);
  }

  async sendKeys(name: string, keys: readonly string[]): Promise<void> {
    return (await this.serverOf(name)).sendKeys(name, keys);
  }

  async exec(name: string, text: string): Promise<void> {
    return (await this.serverOf(name)).exec(name, text);
  }

  async paste(name: string, text: string, options: { enter?: boolean } = {}): Promise<void> {
    return (await this.serverOf(name)).paste(name, text, options);
  }

  async capturePane(name: string, options: CaptureOptions = {}): Promise<string> {
    return (await this.serverOf(name)).capturePane(name, options);
  }

  async paneInfo(name: string): Promise<PaneInfo> {
    return (await this.serverOf(name)).paneInfo(name);
  }

  async captureForReplay(name: string, historyLines: number): Promise<{ lines: string[]; info: PaneInfo }> {
    return (await this.serverOf(name)).captureForReplay(name, historyLines);
  }

  async waitForReady(name: string, options: { intervalMs?: number; timeoutMs?: number } = {}): Promise<boolean> {
    return (await this.serverOf(name)).waitForReady(name, options);
  }

  async resizeWindow(name: string, cols: number, rows: number): Promise<void> {
    return (await this.serverOf(name)).resizeWindow(name, cols, rows);
  }

  async listClients(name: string): Promise<TmuxClient[]> {
    return (await this.serverOf(name)).listClients(name);
  }

  async ensureExitHook(name: string): Promise<void> {
    return (await this.serverOf(name)).ensureExitHook(name);
  }

  async ensureExitHooks(names: readonly string[]): Promise<void> {
    for (const run of await this.serverRuns(names)) await run.server.ensureExitHooks(run.names);
  }

  /** Blocks until `name`'s pane died (its hook's channel); abort with `signal`. */
  async waitForPaneDeath(name: string, signal: AbortSignal): Promise<void> {
    return (await this.serverOf(name)).waitForChannel(paneDiedChannel(name), signal);
  }

  /**
   * Resolves when a pane died on any server that runs (each server's shared channel), or when
   * another server started holding sessions, so that the caller's next wait covers it too. Each
   * server's waiter (a `tmux wait-for` client) lives until it fires: the others are not killed
   * and spawned again for every death, only the one that fired is replaced next time.
   */
  async waitForAnyPaneDeath(signal: AbortSignal): Promise<void> {
    if (this.servers.length === 1) return this.servers[0]!.waitForAnyPaneDeath(signal);
    const fired = this.servers.flatMap((server, index) => {
      if (!this.runs(server) && index !== 0) return [];
      let waiter = this.deathWaiters.get(index);
      if (!waiter) {
        waiter = server.waitForAnyPaneDeath(this.waiters.signal).finally(() => this.deathWaiters.delete(index));
        // A waiter that failed (its server went away) is replaced on the next call.
        waiter.catch(() => undefined);
        this.deathWaiters.set(index, waiter);
      }
      return [waiter];
    });
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([...fired, this.serverAdded.promise, aborted]);
  }

  /** Stops every server (tests, uninstall); fine when none runs. */
  async killServer(): Promise<void> {
    this.stopWaiters();
    for (const server of this.servers) await server.killServer();
    this.placement.clear();
  }

  /** A server may be running: its socket exists or its control channel is open. */
  private runs(server: TmuxServer): boolean {
    return server.channelOpen || existsSync(server.socketPath);
  }

  private load(index: number): number {
    let count = 0;
    for (const at of this.placement.values()) if (at === index) count += 1;
    return count;
  }

  private leastLoaded(): number {
    if (this.servers.length === 1) return 0;
    let best = 0;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (let index = 0; index < this.servers.length; index++) {
      const load = this.load(index);
      if (load < bestLoad) [best, bestLoad] = [index, load];
    }
    return best;
  }

  /** Notes the server of each session a listing of `index` names first. */
  private remember(listing: string, index: number): void {
    for (const line of listing.split('\n')) {
      const name = line.split('\t')[0];
      if (name) this.placement.set(name, index);
    }
  }

  private announceServer(): void {
    this.serverAdded.resolve();
    this.serverAdded = deferred();
    if (this.channelEvents) this.channelEvents({ type: 'sessions-changed' });
  }
}
