// One host's connection: a long-lived `ssh` that is the host's control master and forwards
// the remote rdv's api.sock and terminal.sock to local sockets (0600, in a 0700 folder). It is
// restarted with backoff when it ends, and checked through the tunnel while it runs: the remote
// daemon's health (version, sessions) and whether it still takes this home's token.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import type { ApiLogger, HostState } from '@rdv/api';
import { fetchHealth } from '@rdv/client/daemon';
import type { HostRecord, HostStore } from './host-store.ts';
import { baseSshArgs, sshReason } from './ssh.ts';

/** Waits between reconnections: 1 s, doubling, at most 15 s. */
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 15_000;
/** How often a running tunnel is checked (remote health and token). */
const CHECK_INTERVAL_MS = 5_000;
/** What the tunnel's session runs there: nothing, for as long as ssh is up (fixed words). */
const SESSION_COMMAND = 'exec sleep 2147483647';
/** How long a new ssh has to bring the forwarded api.sock up before it counts as failed. */
const CONNECT_TIMEOUT_MS = 30_000;

export interface HostStatus {
  state: HostState;
  reason: string | null;
  since: Date;
  version: string | null;
  activeSessions: number | null;
}

/**
 * One tRPC look at the remote rdv with the token: whether it takes the token (true, false =
 * refused, null = no answer) and its live sessions.
 */
export type RemoteProbe = (
  apiSocket: string,
  token: string,
) => Promise<{ accepted: boolean | null; activeSessions: number | null }>;

export class HostTunnel {
  private child: ChildProcess | null = null;
  private stderr = '';
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private current: HostStatus = {
    state: 'connecting',
    reason: null,
    since: new Date(),
    version: null,
    activeSessions: null,
  };
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly record: HostRecord,
    private readonly store: HostStore,
    private readonly probe: RemoteProbe,
    private readonly logger: ApiLogger,
    /** Told of every change of state (host-events.ts follows connected hosts' events). */
    private readonly onState: (status: HostStatus) => void = () => undefined,
  ) {}

  get status(): HostStatus {
    return this.current;
  }

  get controlPath(): string {
    return `${this.store.controlDir}/${this.record.name}`;
  }

  get sockets(): { api: string; terminal: string } {
    return this.store.localSockets(this.record.name);
  }

  start(): void {
    this.stopped = false;
    this.connect();
    this.checkTimer ??= setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    this.checkTimer.unref();
  }

  /** Ends ssh and every timer; the forwarded sockets go with it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.checkTimer) clearInterval(this.checkTimer);
    this.retryTimer = this.checkTimer = null;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    for (const file of [this.sockets.api, this.sockets.terminal, this.controlPath])
      rmSync(file, { force: true });
    this.wake();
  }

  /** Reconnects at once when not connected (`rdv host test`), instead of waiting for the backoff. */
  retryNow(): void {
    if (this.stopped || this.child) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /**
   * Resolves once the current attempt is settled (connected, or ssh ended, or the remote said
   * no), or after `timeoutMs`.
   */
  async settled(timeoutMs: number): Promise<HostStatus> {
    const deadline = Date.now() + timeoutMs;
    const pending = () =>
      this.current.state === 'connecting' ||
      (this.child !== null && this.current.state === 'unreachable');
    while (pending() && !this.stopped && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
    return this.current;
  }

  /** One look through the tunnel: the remote's health and whether it takes the token. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = null));
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    if (!this.child || this.stopped || !existsSync(this.sockets.api)) return;
    const health = await fetchHealth(this.sockets.api, 5_000);
    if (!this.child || this.stopped) return;
    if (!health) {
      this.set(
        'rdv_missing',
        `rdv-server on ${this.record.destination} does not answer: start it there with \`ssh ${this.record.destination} rdv server start\``,
      );
      return;
    }
    const { accepted, activeSessions } = await this.probe(this.sockets.api, this.readToken()).catch(
      () => ({
        accepted: null,
        activeSessions: null,
      }),
    );
    if (accepted === false) {
      this.set(
        'token_refused',
        `the rdv on ${this.record.destination} refuses this home's token (revoked or expired): remove the host and add it again`,
      );
      return;
    }
    if (accepted === null || activeSessions === null) return; // no answer this time: the next check tells
    this.attempt = 0;
    this.set('connected', null, { version: health.version, activeSessions });
  }

  private readToken(): string {
    try {
      return this.store.token(this.record.name);
    } catch {
      return '';
    }
  }

  private connect(): void {
    if (this.stopped || this.child) return;
    const { api, terminal } = this.sockets;
    for (const file of [api, terminal, this.controlPath]) rmSync(file, { force: true });
    // A host that failed stays `unreachable` (with why) while it is retried: `connecting` is
    // only the first attempt.
    const args = [
      ...baseSshArgs(this.record, this.controlPath, 'auto'),
      '-o',
      'ControlPersist=no',
      '-o',
      'ExitOnForwardFailure=yes',
      '-o',
      'StreamLocalBindUnlink=yes',
      '-o',
      'ServerAliveInterval=5',
      '-o',
      'ServerAliveCountMax=3',
      // A session with a pty (-tt) running a sleep, not `-N`: OpenSSH turns Nagle off
      // (TCP_NODELAY) on both ends only for a session with a pty, and without that every
      // keystroke's echo through the forwarded terminal.sock waited for a delayed ACK, 40 ms
      // (bench/fleet.ts: 43.5 ms p50 with -N, 2.5 ms with -tt, against 2.3 ms on the remote's
      // own socket). The sleep gets SIGHUP with its pty when ssh ends; a server that refuses
      // ptys (PermitTTY no) still gets the tunnel, as -N would have.
      '-tt',
      '-L',
      `${api}:${this.record.remoteApiSocket}`,
      '-L',
      `${terminal}:${this.record.remoteTerminalSocket}`,
      '--',
      this.record.destination,
      SESSION_COMMAND,
    ];
    this.stderr = '';
    const child = spawn('ssh', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4_000)),
    );
    child.once('error', (error) => this.ended(child, `cannot run ssh: ${error.message}`));
    child.once('exit', () => this.ended(child, sshReason(this.stderr)));
    void this.awaitSockets(child);
  }

  /** The forwarded sockets appear once ssh is connected: make them 0600 and check through them. */
  private async awaitSockets(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + CONNECT_TIMEOUT_MS;
    const { api, terminal } = this.sockets;
    while (this.child === child && !(existsSync(api) && existsSync(terminal))) {
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (this.child !== child) return;
    for (const file of [api, terminal]) chmodSync(file, 0o600);
    await this.check();
  }

  private ended(child: ChildProcess, reason: string): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stopped) return;
    this.set('unreachable', `ssh ${this.record.destination}: ${reason}`);
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.logger.warn(
      { host: this.record.name, retryInMs: delay },
      'host unreachable; reconnecting',
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private set(
    state: HostState,
    reason: string | null,
    remote?: { version: string; activeSessions: number },
  ): void {
    const changed = state !== this.current.state;
    this.current = {
      state,
      reason,
      since: changed ? new Date() : this.current.since,
      version: remote?.version ?? (state === 'connected' ? this.current.version : null),
      activeSessions:
        remote?.activeSessions ?? (state === 'connected' ? this.current.activeSessions : null),
    };
    if (changed) {
      this.logger.info({ host: this.record.name, state, reason }, 'host state changed');
      this.onState(this.current);
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }
}
