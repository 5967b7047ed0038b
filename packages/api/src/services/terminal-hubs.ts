import { TerminalHub, type Tmux } from '@rdv/terminal';
import type { ApiLogger } from '../context.ts';
import type { BackgroundTask } from './background-task.ts';

/** A hub nobody subscribes to is kept this long, so a reconnecting client can resume exactly. */
export const HUB_IDLE_MS = 60_000;
/** How long an attach waits for tmux to apply the client's size before its snapshot. */
export const PANE_RESIZE_WAIT_MS = 300;
/** History in the final screen a dead session's subscribers get (the dashboard asks up to 10,000). */
export const EXIT_SNAPSHOT_HISTORY_LINES = 10_000;
/** How often idle hubs are looked for. */
export const HUB_SWEEP_INTERVAL_MS = 10_000;

/** Why a hub was ended by rdv (as opposed to the process exiting on its own). */
export type HubEndReason = { type: 'exit'; code: number | null } | { type: 'suspended' };

/** The owner and tmux name of a live session, cached for the hot input path. */
export interface HubOwner {
  sessionId: string;
  userId: string;
  tmuxName: string;
  /** The session's size when the hub opens (the pty starts at it; clients resize later). */
  cols: number;
  rows: number;
}

interface Entry {
  owner: HubOwner;
  hub: Promise<TerminalHub>;
  refs: number;
  idleSince: number;
  endReason?: HubEndReason;
}

/**
 * One TerminalHub per live session, opened on first use and shared by every client. Keeps the
 * owner with the hub, so input and resize after the first call need no database read.
 */
export class TerminalHubs {
  private readonly entries = new Map<string, Entry>();
  private readonly endReasons = new Map<string, HubEndReason>();

  readonly sweepTask: BackgroundTask = {
    name: 'terminal-hub-sweep',
    intervalMs: HUB_SWEEP_INTERVAL_MS,
    run: async () => this.sweep(),
  };

  constructor(
    private readonly tmux: Tmux,
    private readonly onExit: (owner: HubOwner, code: number | null) => void,
    private readonly logger: ApiLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The hub of a session whose ownership the caller has already checked. */
  acquire(owner: HubOwner): { hub: Promise<TerminalHub>; release: () => void } {
    const entry = this.entryFor(owner);
    entry.refs += 1;
    this.endReasons.delete(owner.sessionId);
    let released = false;
    return {
      hub: entry.hub,
      release: () => {
        if (released) return;
        released = true;
        entry.refs -= 1;
        if (entry.refs === 0) entry.idleSince = this.now();
      },
    };
  }

  /** The hub for input or resize; opens one if needed (typing into a session nobody watches). */
  hubFor(owner: HubOwner): Promise<TerminalHub> {
    const entry = this.entryFor(owner);
    if (entry.refs === 0) entry.idleSince = this.now();
    return entry.hub;
  }

  /** The cached owner of an open hub, if any: lets input skip the database. */
  cachedOwner(sessionId: string): HubOwner | undefined {
    return this.entries.get(sessionId)?.owner;
  }

  /** Ends a session's hub: every subscriber's stream ends, and learns why via `endReason`. */
  end(sessionId: string, reason: HubEndReason): void {
    this.endReasons.set(sessionId, reason);
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    this.entries.delete(sessionId);
    entry.hub.then((hub) => hub.dispose()).catch(() => undefined);
  }

  /** Why rdv ended the session's stream, if it did. */
  endReason(sessionId: string): HubEndReason | undefined {
    return this.endReasons.get(sessionId);
  }

  /** Live hubs (for health and tests). */
  count(): number {
    return this.entries.size;
  }

  disposeAll(): void {
    for (const sessionId of [...this.entries.keys()]) {
      const entry = this.entries.get(sessionId);
      this.entries.delete(sessionId);
      entry?.hub.then((hub) => hub.dispose()).catch(() => undefined);
    }
  }

  /** Detaches hubs that nobody has used for HUB_IDLE_MS. */
  sweep(): void {
    const cutoff = this.now() - HUB_IDLE_MS;
    for (const [sessionId, entry] of this.entries) {
      if (entry.refs === 0 && entry.idleSince <= cutoff) {
        this.entries.delete(sessionId);
        entry.hub.then((hub) => hub.dispose()).catch(() => undefined);
      }
    }
    if (this.endReasons.size > 10_000) this.endReasons.clear();
  }

  private entryFor(owner: HubOwner): Entry {
    const existing = this.entries.get(owner.sessionId);
    if (existing) return existing;
    const entry: Entry = {
      owner,
      refs: 0,
      idleSince: this.now(),
      hub: TerminalHub.open({
        tmux: this.tmux,
        name: owner.tmuxName,
        cols: owner.cols,
        rows: owner.rows,
        exitHistoryLines: EXIT_SNAPSHOT_HISTORY_LINES,
      }),
    };
    this.entries.set(owner.sessionId, entry);
    entry.hub.then(
      (hub) => {
        hub.onExit((code) => {
          if (this.entries.get(owner.sessionId) === entry) this.entries.delete(owner.sessionId);
          this.endReasons.set(owner.sessionId, { type: 'exit', code });
          this.onExit(owner, code);
        });
      },
      (error: unknown) => {
        if (this.entries.get(owner.sessionId) === entry) this.entries.delete(owner.sessionId);
        this.logger.warn({ err: error, session: owner.sessionId }, 'could not attach to tmux session');
      },
    );
    return entry;
  }
}
