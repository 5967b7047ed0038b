import { existsSync } from 'node:fs';
import {
  SESSION_PREFIX,
  assertEnvKey,
  assertSessionName,
  chunkUtf8,
  paneTarget,
  sessionTarget,
} from './tmux-args.ts';
import {
  ANY_PANE_DIED_CHANNEL,
  captureCommand,
  exitHookCommand,
  leaveModeCommand,
  paneCommand,
  pickDefaultTerminal,
  serverOptionCommands,
  type CaptureOptions,
} from './tmux-commands.ts';
import { TmuxError } from './tmux-error.ts';
import { ChannelClosedError, TmuxControlChannel, type ChannelEvent } from './control-channel.ts';
import { execTmux, nudgeServer, waitForTmuxChannel } from './tmux-process.ts';
import { formatLiteral, scriptArgv, tmuxScript } from './tmux-script.ts';
import { withoutRdvSecrets } from './secret-env.ts';
import { checkSize } from './size-policy.ts';
import {
  LIST_PANES_FORMAT,
  PANE_INFO_FORMAT,
  parseListPanes,
  paneInfoOrThrow,
  type PaneInfo,
  type TmuxSessionInfo,
} from './tmux-formats.ts';

/** Upper bound for one tmux invocation; a wedged server must not hang the daemon. */
export const TMUX_COMMAND_TIMEOUT_MS = 5_000;
/** `send-keys -l` chunk size; chunks never split a UTF-8 character. */
export const SEND_CHUNK_BYTES = 512;
/** Chunks sent per tmux invocation: a long text is typed in steps, each leaving copy-mode first. */
const SEND_CHUNKS_PER_CALL = 8;
/** @default history-limit for new sessions. Memory: ~0.6 KB/line at 200 columns (TERMINAL.md). */
export const DEFAULT_HISTORY_LIMIT = 10_000;
export const READY_POLL_INTERVAL_MS = 75;
/** Bytes per `set-buffer` of a paste (the buffer is built up with `-a`, then pasted once). */
export const PASTE_PIECE_BYTES = 16 * 1024;
/**
 * Pause between a paste and its Enter. An agent's TUI reads its input in chunks: an Enter in
 * the same chunk as the end of a paste can be taken as part of the paste (a newline) instead of
 * "send"; a short pause puts it in a read of its own, as when a person presses it.
 */
export const PASTE_ENTER_DELAY_MS = 100;
export const READY_TIMEOUT_MS = 5_000;

export interface TmuxOptions {
  /** Socket of rdv's dedicated server (`tmux -S`); its directory must exist. */
  socketPath: string;
  /** @default 'tmux' (found on PATH) */
  bin?: string;
  /**
   * Config file read when this call starts the server. `null` = tmux's own lookup (the user's
   * ~/.tmux.conf, which may rebind keys or change options we rely on).
   * @default '/dev/null'
   */
  configFile?: string | null;
  /**
   * Environment of tmux processes, so of the server and every session; TMUX, TMUX_PANE and
   * rdv's secrets (`RDV_SECRET_ENV`) are removed. @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /** `default-terminal` inside panes. @default 'tmux-256color' if installed, else 'screen-256color' */
  defaultTerminal?: string;
}

export interface NewSessionOptions {
  name: string;
  cwd: string;
  env?: Record<string, string>;
  cols: number;
  rows: number;
  /** The program the pane runs (a path, executed directly, never through `sh -c`). */
  shell?: string;
  /** Arguments for `shell`, passed as argv (no shell parsing). */
  args?: string[];
  /** Variables the pane must NOT inherit from the server's environment (run via `env -u`). */
  unsetEnv?: string[];
  /** @default DEFAULT_HISTORY_LIMIT */
  historyLimit?: number;
}

/** A tmux client attached to a session (`list-clients`). */
export interface TmuxClient {
  tty: string;
  pid: number;
}

/**
 * One of rdv's dedicated tmux servers (see tmux-servers.ts for how sessions are spread over
 * them). Every call is argv-only `execFile` (never a shell string), has a timeout and throws a
 * `TmuxError`; every target uses `=name` so names never match by prefix.
 */
export class TmuxServer {
  readonly socketPath: string;
  readonly bin: string;
  private readonly globalArgs: string[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly defaultTerminal: string;
  private readonly sessionLocks = new Map<string, Promise<void>>();
  /** Numbers paste buffers, so two pastes in flight never share one. */
  private pasteBuffers = 0;
  /** The daemon's control client, once `useControlChannel` was called (see control-channel.ts). */
  private channel: TmuxControlChannel | undefined;

  constructor(options: TmuxOptions) {
    this.socketPath = options.socketPath;
    this.bin = options.bin ?? 'tmux';
    const configFile = options.configFile === undefined ? '/dev/null' : options.configFile;
    // `-u`: without a UTF-8 locale (a daemon started by cron or a bare systemd unit) tmux prints
    // control characters as "_", and the separators of every listing format with them.
    this.globalArgs = [
      '-u',
      '-S',
      this.socketPath,
      ...(configFile === null ? [] : ['-f', configFile]),
    ];
    // Inside a tmux pane, TMUX would make `attach` refuse to nest; the server is ours, not theirs.
    // The first client's environment becomes the server's and every session's: no rdv secret.
    const { TMUX: _tmux, TMUX_PANE: _pane, ...env } = withoutRdvSecrets(options.env ?? process.env);
    this.env = env;
    this.defaultTerminal = options.defaultTerminal ?? pickDefaultTerminal();
  }

  /** `rdv-<id>`; ids are limited to letters, digits, `_` and `-`. */
  static sessionName(id: string): string {
    return assertSessionName(`${SESSION_PREFIX}${id}`);
  }

  static isRdvSessionName(name: string): boolean {
    return name.startsWith(SESSION_PREFIX) && name.length > SESSION_PREFIX.length;
  }

  /** The id in `rdv-<id>`, or null for a session rdv did not name. */
  static idFromSessionName(name: string): string | null {
    return TmuxServer.isRdvSessionName(name) ? name.slice(SESSION_PREFIX.length) : null;
  }

  /** What a control-mode client (`TerminalHub`) is started with: binary, `-S`/`-f`, env. */
  controlArgs(): { bin: string; globalArgs: readonly string[]; env: NodeJS.ProcessEnv } {
    return { bin: this.bin, globalArgs: this.globalArgs, env: { ...this.env } };
  }

  /** argv for a process that attaches to `name` (the CLI's fallback when the daemon is down). */
  attachArgs(name: string): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
    // -u: the client is UTF-8 whatever the locale says; else tmux draws wide characters as `_`.
    const args = ['-u', ...this.globalArgs, 'attach-session', '-t', sessionTarget(name)];
    return { file: this.bin, args, env: { ...this.env } };
  }

  /**
   * From now on, commands go over one long-lived control client while one is attached (see
   * `attachChannel`) instead of a spawned `tmux` each; `onEvent` hears `%sessions-changed` and
   * the client's end. Used by the daemon; without it every call spawns a client.
   */
  useControlChannel(onEvent: (event: ChannelEvent) => void): void {
    this.channel ??= new TmuxControlChannel({
      bin: this.bin,
      globalArgs: this.globalArgs,
      env: this.env,
      onEvent,
    });
  }

  /** The control channel is attached: commands need no process, and no server means none. */
  get channelOpen(): boolean {
    return this.channel?.open ?? false;
  }

  /** Attaches the control channel (if in use and closed) to the first of `names` that is rdv's. */
  attachChannel(names: readonly string[]): void {
    if (!this.channel || this.channel.open) return;
    const name = names.find((n) => TmuxServer.isRdvSessionName(n));
    if (name !== undefined) this.channel.connect(name);
  }

  /** Detaches the control channel; sessions keep running. */
  dispose(): void {
    this.channel?.dispose();
  }

  /**
   * Runs one tmux invocation (commands joined by `;`, a failure skips the rest) and returns its
   * stdout. The commands go on stdin (`source-file -`, or the control channel's stdin), never
   * in argv, which every OS user can read: argv is only `-S socket -f config source-file -`.
   * `startServer`: start the server if none runs (`new-session`); otherwise a missing server is
   * a "no server running" error. `if-shell` always takes the spawned path (see channel.run).
   */
  async run(
    commands: ReadonlyArray<readonly string[]>,
    {
      timeoutMs = TMUX_COMMAND_TIMEOUT_MS,
      startServer = false,
    }: { timeoutMs?: number; startServer?: boolean } = {},
  ): Promise<string> {
    if (this.channel?.open && !commands.some((command) => command[0] === 'if-shell')) {
      try {
        return await this.channel.run(commands, timeoutMs);
      } catch (error) {
        // The client went away before the reply (its session or the server ended): a spawned
        // client gives the real answer (no server, not found, or the result).
        if (!(error instanceof ChannelClosedError)) throw error;
      }
    }
    const once = () =>
      execTmux(this.bin, [...this.globalArgs], scriptArgv({ startServer }), {
        env: this.env,
        timeoutMs,
        input: tmuxScript(commands),
        commands,
      });
    try {
      return await once();
    } catch (error) {
      // Closing the last session makes the server exit; a create right after can reach it while
      // it goes. Nothing ran, so starting a fresh server is safe.
      if (startServer && error instanceof TmuxError && error.isServerExiting) return once();
      throw error;
    }
  }

  /**
   * Is tmux usable? True when the binary runs and the socket answers, and also when no server is
   * running yet (normal: the server starts with the first session). False otherwise.
   */
  async ping(): Promise<boolean> {
    try {
      await this.run([['list-sessions', '-F', '#{session_name}']]);
      return true;
    } catch (error) {
      return error instanceof TmuxError && error.isNoServer && !error.timedOut;
    }
  }

  /** Every session on the server with its first pane, in ONE call; [] when no server runs. */
  async listSessions(): Promise<TmuxSessionInfo[]> {
    // No socket file, no server: nothing to list, and no process to spawn (after a reboot, the
    // daemon's start-up would otherwise wait on one tmux client that can only say so).
    if (!this.channelOpen && !existsSync(this.socketPath)) return [];
    try {
      const sessions = parseListPanes(
        await this.run([['list-panes', '-a', '-F', LIST_PANES_FORMAT]]),
      );
      const zombie = sessions.find((s) => s.paneDead && s.paneDeadStatus === null);
      if (zombie) nudgeServer(zombie.serverPid);
      return sessions;
    } catch (error) {
      if (error instanceof TmuxError && error.isNoServer) return [];
      throw error;
    }
  }

  /**
   * Creates a detached session. Server-wide options are set in the same invocation, before the
   * pane exists: `history-limit` and `remain-on-exit` only take effect for panes created after
   * them (a session-level `set` after `new-session` is too late for its first pane, and a fast
   * exiting command could die before `remain-on-exit` is set). The server is dedicated to rdv,
   * so global options are ours to set. The cwd is format-escaped (tmux expands `#{}`/`#()` in
   * `-c`); env values, cwd and command travel on stdin with everything else (see `run`).
   */
  async newSession(options: NewSessionOptions): Promise<void> {
    // set-option's -t is a pane target: `=name` alone is looked up as a window and fails.
    const target = paneTarget(options.name);
    const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    const envArgs = Object.entries(options.env ?? {}).flatMap(([k, v]) => [
      '-e',
      `${assertEnvKey(k)}=${v}`,
    ]);
    const size = ['-x', String(checkSize(options.cols)), '-y', String(checkSize(options.rows))];
    await this.run(
      [
        ...serverOptionCommands(this.defaultTerminal),
        ['set-option', '-g', 'history-limit', String(historyLimit)],
        [
          'new-session',
          '-d',
          '-s',
          options.name,
          ...size,
          '-c',
          formatLiteral(options.cwd),
          ...envArgs,
          ...paneCommand(options),
        ],
        ['set-option', '-t', target, 'history-limit', String(historyLimit)],
        exitHookCommand(options.name),
      ],
      { startServer: true },
    );
    this.attachChannel([options.name]);
  }

  /** Kills a session; false when it did not exist. */
  async killSession(name: string): Promise<boolean> {
    await this.moveChannelOff(name);
    try {
      await this.run([['kill-session', '-t', sessionTarget(name)]]);
      return true;
    } catch (error) {
      if (error instanceof TmuxError && error.isNotFound) return false;
      throw error;
    }
  }

  /** The channel's session is about to go: move the client, so calls in flight are answered. */
  private async moveChannelOff(name: string): Promise<void> {
    if (!this.channel || this.channel.host !== name) return;
    const others = await this.run([['list-sessions', '-F', '#{session_name}']]).catch(() => '');
    const other = others.split('\n').find((n) => n !== name && TmuxServer.isRdvSessionName(n));
    await this.channel.leave(name, other, TMUX_COMMAND_TIMEOUT_MS);
  }

  async hasSession(name: string): Promise<boolean> {
    try {
      await this.run([['has-session', '-t', sessionTarget(name)]]);
      return true;
    } catch (error) {
      if (error instanceof TmuxError && error.isNotFound) return false;
      throw error;
    }
  }

  /** Types `text` literally (no key names, `;` and leading `-` included), leaving copy-mode first. */
  async sendText(name: string, text: string): Promise<void> {
    await this.withSessionLock(name, () => this.typeText(name, text));
  }

  async sendEnter(name: string): Promise<void> {
    await this.withSessionLock(name, () => this.pressKeys(name, ['Enter']));
  }

  /** Sends tmux key names (`C-c`, `Escape`, `Up`, ...). */
  async sendKeys(name: string, keys: readonly string[]): Promise<void> {
    await this.withSessionLock(name, () => this.pressKeys(name, keys));
  }

  /** Types `text` and presses Enter; concurrent calls for one session never interleave. */
  async exec(name: string, text: string): Promise<void> {
    await this.withSessionLock(name, async () => {
      await this.typeText(name, text);
      await this.pressKeys(name, ['Enter']);
    });
  }

  /**
   * Pastes `text` as ONE paste, the way a terminal does: through a tmux buffer and
   * `paste-buffer -p`, which wraps it in bracketed-paste markers when the program asked for them
   * (Claude Code, Codex, Gemini CLI and readline do), so a multi-line message reaches it as one
   * input instead of a line per Enter; line breaks go as CR, as a terminal sends them. Then,
   * unless `enter: false`, Enter as a key of its own. Concurrent calls for a session never
   * interleave (with each other or with `exec`).
   */
  async paste(
    name: string,
    text: string,
    { enter = true }: { enter?: boolean } = {},
  ): Promise<void> {
    await this.withSessionLock(name, async () => {
      const target = paneTarget(name);
      const buffer = `rdv-paste-${++this.pasteBuffers}`;
      try {
        const pieces = chunkUtf8(text, PASTE_PIECE_BYTES);
        for (const [index, piece] of pieces.entries()) {
          // `--`: a text that starts with "-" is data, not a flag.
          await this.run([['set-buffer', ...(index > 0 ? ['-a'] : []), '-b', buffer, '--', piece]]);
        }
        await this.run([
          leaveModeCommand(target),
          ['paste-buffer', '-d', '-p', '-b', buffer, '-t', target],
        ]);
      } catch (error) {
        await this.run([['delete-buffer', '-b', buffer]]).catch(() => undefined);
        throw error;
      }
      if (!enter) return;
      await new Promise((resolve) => setTimeout(resolve, PASTE_ENTER_DELAY_MS));
      await this.pressKeys(name, ['Enter']);
    });
  }

  private async typeText(name: string, text: string): Promise<void> {
    const target = paneTarget(name);
    const chunks = chunkUtf8(text, SEND_CHUNK_BYTES);
    for (let i = 0; i < chunks.length; i += SEND_CHUNKS_PER_CALL) {
      const sends = chunks
        .slice(i, i + SEND_CHUNKS_PER_CALL)
        .map((chunk) => ['send-keys', '-t', target, '-l', '--', chunk]);
      await this.run([leaveModeCommand(target), ...sends]);
    }
  }

  private async pressKeys(name: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const target = paneTarget(name);
    await this.run([leaveModeCommand(target), ['send-keys', '-t', target, ...keys]]);
  }

  private async withSessionLock(name: string, task: () => Promise<void>): Promise<void> {
    const previous = this.sessionLocks.get(name) ?? Promise.resolve();
    const current = previous.then(task);
    const tail = current.catch(() => undefined);
    this.sessionLocks.set(name, tail);
    try {
      await current;
    } finally {
      if (this.sessionLocks.get(name) === tail) this.sessionLocks.delete(name);
    }
  }

  /** `capture-pane -p`: the visible screen, plus `lines` of history when given. */
  async capturePane(name: string, options: CaptureOptions = {}): Promise<string> {
    return this.run([captureCommand(name, options)]);
  }

  /** Cursor, size, screen mode, dead state and history size of the session's pane. */
  async paneInfo(name: string): Promise<PaneInfo> {
    const command = ['display-message', '-p', '-t', paneTarget(name), PANE_INFO_FORMAT];
    const info = paneInfoOrThrow(name, command, await this.run([command]));
    if (info.dead && info.deadStatus === null) nudgeServer(info.serverPid);
    return info;
  }

  /**
   * Captures history + screen (with colours) and the pane state in one invocation: tmux runs
   * both with no pane output processed in between.
   */
  async captureForReplay(
    name: string,
    historyLines: number,
  ): Promise<{ lines: string[]; info: PaneInfo }> {
    const display = ['display-message', '-p', '-t', paneTarget(name), PANE_INFO_FORMAT];
    const stdout = await this.run([
      captureCommand(name, { lines: historyLines, escapes: true }),
      display,
    ]);
    const lines = stdout.split('\n');
    lines.pop(); // after the final newline
    const info = paneInfoOrThrow(name, display, lines.pop() ?? '');
    return { lines, info };
  }

  /**
   * Waits until two consecutive captures are identical and not blank (the shell has drawn its
   * prompt), so that a start-up command is not eaten. Resolves false on timeout.
   */
  async waitForReady(
    name: string,
    {
      intervalMs = READY_POLL_INTERVAL_MS,
      timeoutMs = READY_TIMEOUT_MS,
    }: { intervalMs?: number; timeoutMs?: number } = {},
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let previous: string | null = null;
    for (;;) {
      const screen = await this.capturePane(name);
      if (screen.trim() !== '' && screen === previous) return true;
      previous = screen;
      if (Date.now() + intervalMs > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** Sets the window size explicitly; note tmux then switches the window to `window-size manual`. */
  async resizeWindow(name: string, cols: number, rows: number): Promise<void> {
    await this.run([
      [
        'resize-window',
        '-t',
        paneTarget(name),
        '-x',
        String(checkSize(cols)),
        '-y',
        String(checkSize(rows)),
      ],
    ]);
  }

  async listClients(name: string): Promise<TmuxClient[]> {
    const stdout = await this.run([
      ['list-clients', '-t', sessionTarget(name), '-F', '#{client_tty}\t#{client_pid}'],
    ]);
    return stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [tty = '', pid = ''] = line.split('\t');
        return { tty, pid: Number.parseInt(pid, 10) };
      });
  }

  /** Makes sure a pane death in `name` signals `paneDiedChannel(name)` (idempotent). */
  async ensureExitHook(name: string): Promise<void> {
    await this.run([exitHookCommand(name)]);
  }

  /** `ensureExitHook` for many sessions in one call (sessions an older daemon created). */
  async ensureExitHooks(names: readonly string[]): Promise<void> {
    if (names.length > 0) await this.run(names.map((name) => exitHookCommand(name)));
  }

  /**
   * Resolves when any rdv pane died since the last call (the hooks' shared channel; tmux keeps a
   * signal nobody waited for). One long-lived client, no timeout: abort it with `signal`.
   */
  async waitForAnyPaneDeath(signal: AbortSignal): Promise<void> {
    return this.waitForChannel(ANY_PANE_DIED_CHANNEL, signal);
  }

  /**
   * Blocks until `wait-for -S channel`; tmux remembers a signal sent while nobody waited. A
   * long-lived process, so no timeout: abort it with `signal`.
   */
  async waitForChannel(channel: string, signal: AbortSignal): Promise<void> {
    return waitForTmuxChannel(this.bin, this.globalArgs, channel, { env: this.env, signal });
  }

  /** Stops the dedicated server (tests, uninstall); fine when none runs. */
  async killServer(): Promise<void> {
    this.channel?.dispose();
    try {
      await this.run([['kill-server']]);
    } catch (error) {
      if (!(error instanceof TmuxError && error.isNoServer)) throw error;
    }
  }
}
