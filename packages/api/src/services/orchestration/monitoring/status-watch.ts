import { Tmux } from '@rdv/terminal';
import type { CensusRow } from './tmux-census.ts';
import type { MonitoredSession } from './orchestrator-checks.ts';
import type { Observation, ScreenObserver } from './screen-observer.ts';

/**
 * How often the watch runs (with the reconcile, on one census): a question on screen is seen
 * within about this long, and an answer clears `waiting` as fast. @default 1 s
 */
export const STATUS_WATCH_INTERVAL_MS = 1_000;
/** Which sessions are watched is re-read at least this often even when no screen changed. */
export const WATCH_SCOPE_REFRESH_MS = 5_000;

/** The live sessions and those whose screens decide their status (agents, orchestrated ones). */
export interface WatchScope {
  sessions: MonitoredSession[];
  watched: MonitoredSession[];
}

export interface WatchReport {
  /** Screens read this time (all in one tmux call). */
  read: number;
  statusChanges: number;
}

/**
 * The fast half of the monitor: keeps agent status right within seconds without reading every
 * screen every second. Each run gets the census the reconcile took anyway (one `list-panes`
 * for everything) and reads, in ONE tmux call, only the watched sessions that may show
 * something new: those that printed since their last read (`window_activity`), those whose
 * screen changed at the last read (a prompt counts as idle only once it holds still), and those
 * someone just typed into. When nothing changed it reads nothing and asks the database nothing.
 *
 * tmux reports output times in whole seconds, so "printed since the last read" is "in or after
 * the second of the last read": at worst one extra read, never a missed one.
 */
export class StatusWatch {
  /** Wall-clock second (tmux's clock, not the injected one) of each session's last read. */
  private readonly lastReadSecond = new Map<string, number>();
  /** Sessions whose screen changed at their last read: read again to see it settle. */
  private readonly settling = new Set<string>();
  /** Sessions someone typed into since their last read. */
  private readonly typedInto = new Set<string>();
  private known = new Set<string>();
  private watchedNames = new Set<string>();
  private scopeLoadedAtMs = -Infinity;

  constructor(
    private readonly deps: {
      observer: ScreenObserver;
      loadScope: () => Promise<WatchScope>;
      /** Records the statuses the fresh observations imply; returns how many changed. */
      apply: (
        watched: MonitoredSession[],
        fresh: ReadonlyMap<string, Observation>,
        nowMs: number,
      ) => Promise<number>;
      now: () => Date;
    },
  ) {}

  /** Input reached a session: its screen is read at the next run whatever tmux says. */
  noteInput(sessionId: string): void {
    if (/^[A-Za-z0-9_-]+$/.test(sessionId)) this.typedInto.add(Tmux.sessionName(sessionId));
  }

  async check(census: readonly CensusRow[]): Promise<WatchReport> {
    const nowMs = this.deps.now().getTime();
    const live = new Map(
      census
        .filter((row) => !row.paneDead && Tmux.isRdvSessionName(row.name))
        .map((row) => [row.name, row]),
    );
    for (const names of [this.settling, this.typedInto])
      for (const name of names) if (!live.has(name)) names.delete(name);
    for (const name of this.lastReadSecond.keys())
      if (!live.has(name)) this.lastReadSecond.delete(name);

    const due = (row: CensusRow) =>
      this.typedInto.has(row.name) ||
      this.settling.has(row.name) ||
      row.outputAt.getTime() / 1000 >= (this.lastReadSecond.get(row.name) ?? -Infinity);
    const unknown = [...live.keys()].some((name) => !this.known.has(name));
    const anyDue = [...live.values()].some((row) => this.watchedNames.has(row.name) && due(row));
    if (!unknown && !anyDue && nowMs - this.scopeLoadedAtMs < WATCH_SCOPE_REFRESH_MS) {
      return { read: 0, statusChanges: 0 };
    }

    const scope = await this.deps.loadScope();
    this.scopeLoadedAtMs = nowMs;
    this.known = new Set(scope.sessions.map((s) => s.tmuxName));
    this.watchedNames = new Set(scope.watched.map((s) => s.tmuxName));
    const toRead = scope.watched.filter((s) => {
      const row = live.get(s.tmuxName);
      return row !== undefined && due(row);
    });
    if (toRead.length === 0) return { read: 0, statusChanges: 0 };

    const before = new Map(toRead.map((s) => [s.id, this.deps.observer.last(s.id)?.text]));
    const readSecond = Math.floor(Date.now() / 1000);
    const fresh = await this.deps.observer.observeBatch(
      toRead,
      live,
      nowMs,
      STATUS_WATCH_INTERVAL_MS,
    );
    for (const session of toRead) {
      const observation = fresh.get(session.id);
      if (!observation) continue;
      this.typedInto.delete(session.tmuxName);
      this.lastReadSecond.set(session.tmuxName, readSecond);
      if (observation.text !== before.get(session.id)) this.settling.add(session.tmuxName);
      else this.settling.delete(session.tmuxName);
    }
    return { read: fresh.size, statusChanges: await this.deps.apply(toRead, fresh, nowMs) };
  }
}
