import { nudgeServer } from './tmux-process.ts';
import type { Tmux } from './tmux-servers.ts';

/**
 * How often a spare SIGCHLD goes to the tmux server: tmux 3.3 with libutempter can miss the one
 * for a pane's process, which then never reports its death (see `nudgeServer`). Measured: 5 of
 * 40 exits on a loaded 2-core machine; with the nudge they arrive after about this long.
 */
export const REAP_NUDGE_MS = 1_000;
/** How long a dead pane without an exit status may take to get one before we report null. */
const DEAD_STATUS_WAIT_MS = 500;
const WAITER_RETRY_MS = 250;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One nudge timer per tmux server however many sessions are watched: a spare SIGCHLD reaps every
 * pane's process, so 40 open terminals need one signal a second, not 40.
 */
const nudgers = new Map<number, { timer: NodeJS.Timeout; users: number }>();

/** Starts (or joins) the server's nudge timer; the returned function leaves it (idempotent). */
export function shareNudges(serverPid: number | null): () => void {
  if (serverPid === null || serverPid <= 0) return () => undefined;
  let entry = nudgers.get(serverPid);
  if (!entry) {
    entry = { timer: setInterval(() => nudgeServer(serverPid), REAP_NUDGE_MS).unref(), users: 0 };
    nudgers.set(serverPid, entry);
  }
  const joined = entry;
  joined.users += 1;
  let left = false;
  return () => {
    if (left) return;
    left = true;
    joined.users -= 1;
    if (joined.users === 0) {
      clearInterval(joined.timer);
      if (nudgers.get(serverPid) === joined) nudgers.delete(serverPid);
    }
  };
}

/**
 * Notices that a session's pane died, without polling: the session's `pane-died` hook signals a
 * `wait-for` channel (set by `Tmux.newSession` / `ensureExitHook`), and one idle `tmux wait-for`
 * client blocks on it. tmux remembers a signal sent while nobody waited, so starting late is fine.
 */
export class PaneExitWatcher {
  private readonly abort = new AbortController();
  private stopNudging: () => void = () => undefined;
  private reported = false;

  constructor(
    private readonly tmux: Tmux,
    private readonly name: string,
    private readonly onDied: (code: number | null) => void,
  ) {}

  /** Starts waiting; `serverPid` (from `paneInfo`) receives the SIGCHLD nudges. */
  start(serverPid: number | null): void {
    this.stopNudging = shareNudges(serverPid);
    void this.wait();
  }

  /**
   * Reports a pane found dead some other way (it died before we attached, and its signal went
   * to an earlier hub). tmux 3.3 marks a pane dead a moment before it has the exit status (and
   * never has one for a signal): without a status, give it a moment, then report what there is.
   */
  async reportDead(status: number | null): Promise<void> {
    if (status === null) {
      await sleep(DEAD_STATUS_WAIT_MS);
      status = (await this.tmux.paneInfo(this.name).catch(() => undefined))?.deadStatus ?? null;
    }
    this.report(status);
  }

  dispose(): void {
    this.stopNudging();
    this.abort.abort();
  }

  private report(code: number | null): void {
    if (this.reported || this.abort.signal.aborted) return;
    this.reported = true;
    this.onDied(code);
  }

  private async wait(): Promise<void> {
    while (!this.reported && !this.abort.signal.aborted) {
      try {
        await this.tmux.waitForPaneDeath(this.name, this.abort.signal);
      } catch {
        if (this.abort.signal.aborted) return;
        // The waiter failed (the server is gone: the hub's client ends too) or could not start.
        await sleep(WAITER_RETRY_MS);
        continue;
      }
      const info = await this.tmux.paneInfo(this.name).catch(() => undefined);
      // Not dead: a signal left over from an earlier pane; wait again.
      if (info?.dead) return this.report(info.deadStatus);
    }
  }
}
