import { shareNudges, Tmux, type ChannelEvent } from '@rdv/terminal';
import type { ApiLogger } from '../../types.ts';
import type { BackgroundTask } from '../background-task.ts';
import { takeCensus, type CensusRow } from '../orchestration/monitoring/tmux-census.ts';

/**
 * With the control channel open, a full census at least this often even when tmux said nothing:
 * a net under the notifications (a hook some other tool removed, a missed signal).
 */
export const SESSION_WATCH_SAFETY_MS = 60_000;
/** How often an otherwise quiet watch asks the database whether any screen is watched at all. */
export const WATCH_NEEDED_CHECK_MS = 5_000;

export interface SessionWatchDeps {
  tmux: Pick<
    Tmux,
    | 'run'
    | 'anyServerRuns'
    | 'channelOpen'
    | 'attachChannel'
    | 'ensureExitHooks'
    | 'waitForAnyPaneDeath'
  >;
  /** Rows follow tmux; `pending`: a dead pane still waits for its exit status (look again). */
  reconcile: (census: readonly CensusRow[]) => Promise<{ closed: number; pending: boolean }>;
  /** Agent status from the screens that changed (MonitoringService.watch). */
  watch: (census: readonly CensusRow[]) => Promise<unknown>;
  /** Does any session's screen decide its status (agents, orchestrator scopes)? */
  screensWatched: () => Promise<boolean>;
  onLost: (closed: number) => void;
  intervalMs: number;
  logger: ApiLogger;
  now?: () => number;
}

/**
 * Keeps session rows (exits, lost sessions) and agent status in step with tmux. Each tick (1 s)
 * takes one census (`list-panes -a`) only when something may have changed: tmux announced
 * `%sessions-changed` or the channel closed, a pane died (every pane's `pane-died` hook also
 * signals one shared `wait-for` channel, which one waiting client turns into an event), a
 * screen is watched (agents: their status follows the screen every second), or the safety
 * interval passed. Without the control channel (no tmux server, or a caller that does not use
 * it) it takes the census every tick, as it always did. Idle sessions therefore cost nothing
 * per second however many there are.
 */
export class SessionWatch {
  readonly task: BackgroundTask;
  private dirty = true;
  private lastCensusMs = -Infinity;
  private watched = true;
  /** The last census found no session (so no server: tmux exits with its last session). */
  private serverDown = false;
  private lastWatchedCheckMs = -Infinity;
  /** The tmux server whose sessions all carry the current exit hook. */
  private hookedServerPid: number | null = null;
  private deathWaiter: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: SessionWatchDeps) {
    this.now = deps.now ?? Date.now;
    this.task = {
      name: 'session-watch',
      intervalMs: deps.intervalMs,
      runAtStart: true,
      run: (signal) => this.tick(signal),
    };
  }

  /** Leaves the current server's nudge timer (see prepareServer). */
  private leaveNudges: () => void = () => undefined;

  /** What the control channel reports: any of it means "look again". */
  onChannelEvent(event: ChannelEvent): void {
    void event;
    this.dirty = true;
  }

  /** Something changed that the next tick must see (a session created, restarted, ended). */
  noteChange(): void {
    this.dirty = true;
  }

  async tick(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const quiet = !this.dirty && now - this.lastCensusMs < SESSION_WATCH_SAFETY_MS;
    // No server (no socket yet, or the last census found none): nothing changes until a session
    // is created, which marks the watch dirty.
    if (quiet && (this.serverDown || !this.deps.tmux.anyServerRuns)) return;
    if (quiet && this.deps.tmux.channelOpen) {
      if (now - this.lastWatchedCheckMs >= WATCH_NEEDED_CHECK_MS) {
        this.watched = await this.deps.screensWatched();
        this.lastWatchedCheckMs = now;
      }
      if (!this.watched) return;
    }
    this.dirty = false;
    this.lastCensusMs = now;
    const census = await takeCensus(this.deps.tmux);
    this.serverDown = census.length === 0;
    await this.prepareServer(census);
    this.deps.tmux.attachChannel(census.map((row) => row.name));
    if (signal) this.waitForDeaths(signal);
    const { closed, pending } = await this.deps.reconcile(census);
    if (pending) this.dirty = true;
    if (closed > 0) this.deps.onLost(closed);
    await this.deps.watch(census);
  }

  /** Sessions an older daemon made have a hook without the shared channel: set it once a server. */
  private async prepareServer(census: readonly CensusRow[]): Promise<void> {
    const serverPid = census[0]?.serverPid ?? null;
    if (serverPid === null) this.leaveNudges(); // no server: nothing to reap
    if (serverPid === null || serverPid === this.hookedServerPid) return;
    // tmux 3.3 can miss a pane process's SIGCHLD, and then never fires its pane-died hook (see
    // exit-watcher.ts): while a server runs, the watch keeps its one spare-SIGCHLD timer joined,
    // as open terminals do, so an exit with no terminal open is still seen within a second.
    this.leaveNudges();
    this.leaveNudges = shareNudges(serverPid);
    const names = census.map((row) => row.name).filter((name) => Tmux.isRdvSessionName(name));
    try {
      await this.deps.tmux.ensureExitHooks(names);
      this.hookedServerPid = serverPid;
    } catch (error) {
      // A session vanished in between: the next census tries again.
      this.deps.logger.warn(
        { err: error },
        'could not set exit hooks yet; trying again at the next census',
      );
    }
  }

  /** One waiting `tmux wait-for` client while a server runs; each pane death marks the watch dirty. */
  private waitForDeaths(signal: AbortSignal): void {
    if (this.deathWaiter || signal.aborted || !this.deps.tmux.channelOpen) return;
    this.deathWaiter = (async () => {
      while (!signal.aborted && this.deps.tmux.channelOpen) {
        try {
          await this.deps.tmux.waitForAnyPaneDeath(signal);
        } catch {
          return; // the server went (the channel reports it) or we stop
        }
        this.dirty = true;
      }
    })().finally(() => (this.deathWaiter = undefined));
  }
}
