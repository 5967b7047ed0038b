import { attachStream, type AttachStreamOptions, type HubEndReason, type StreamItem } from './attach-stream.ts';
import type { TerminalSize } from './size-policy.ts';
import { TerminalHub } from './terminal-hub.ts';
import type { Tmux } from './tmux-servers.ts';

/** A hub nobody subscribes to is kept this long, so a reconnecting client can resume exactly. */
export const HUB_IDLE_MS = 60_000;
/** How long an attach or a resize waits for tmux to apply the client's size. */
export const PANE_RESIZE_WAIT_MS = 300;
/** History in the final screen a dead session's subscribers get (the dashboard asks up to 10,000). */
export const EXIT_SNAPSHOT_HISTORY_LINES = 10_000;
/** How often idle hubs are looked for. */
export const HUB_SWEEP_INTERVAL_MS = 10_000;

export type { HubEndReason };

/** The owner and tmux name of a live session, cached with its hub for the hot input path. */
export interface HubOwner {
  sessionId: string;
  userId: string;
  tmuxName: string;
  /** The session's size when the hub opens (clients resize later). */
  cols: number;
  rows: number;
}

export interface HubRegistryOptions {
  tmux: Tmux;
  /**
   * The owner of a live, active session, read from the database; throws the caller's own error
   * when `userId` may not use it (not found, not live). Asked only when no open hub knows it.
   */
  resolveOwner: (userId: string, sessionId: string) => Promise<HubOwner>;
  /** A session's process exited on its own. */
  onExit: (owner: HubOwner, code: number | null) => void;
  /** Every keystroke and resize (agent status re-reads the screen). */
  onUse?: (sessionId: string) => void;
  logger: { warn(details: object, message: string): void };
  now?: () => number;
}

/** One client's view of one session's terminal, after its owner was checked. */
export interface OwnedTerminal {
  /** Bytes to the pane, in order; resolves once tmux has them. `inputSeq` makes resends safe. */
  write(data: string, clientId: string, inputSeq?: number): Promise<void>;
  /** This client's size; `claim` puts it in charge at once. Answers with the pane's size. */
  resize(cols: number, rows: number, clientId: string, claim?: boolean): Promise<TerminalSize>;
  /** The live stream (snapshot or resume, then output); see `attachStream`. */
  attach(
    options: Omit<AttachStreamOptions, 'endReason'> & { clientId: string; cols?: number; rows?: number },
  ): AsyncGenerator<StreamItem>;
}

interface Entry {
  owner: HubOwner;
  hub: Promise<TerminalHub>;
  refs: number;
  idleSince: number;
}

/**
 * One TerminalHub per live session, opened on first use and shared by every client, and the
 * whole attach path on top of it: ownership (cached with the hub, so a keystroke after the first
 * needs no database read), input, resizes and the resumable stream.
 */
export class TerminalHubs {
  private readonly entries = new Map<string, Entry>();
  private readonly endReasons = new Map<string, HubEndReason>();
  private readonly now: () => number;

  constructor(private readonly options: HubRegistryOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The terminal of `sessionId` for `userId`; each call checks ownership first. */
  forOwner(userId: string, sessionId: string): OwnedTerminal {
    return {
      write: async (data, clientId, inputSeq) => {
        const hub = await this.hubOf(userId, sessionId);
        await hub.write(data, clientId, inputSeq);
      },
      resize: async (cols, rows, clientId, claim = false) => {
        const hub = await this.hubOf(userId, sessionId);
        const resized = hub.resize(cols, rows, clientId);
        const applied = claim ? hub.noteActivity(clientId) : resized;
        // The pane takes the size asynchronously; answer with it when this client decided it.
        if (applied) await hub.waitForSize(applied, PANE_RESIZE_WAIT_MS);
        return hub.size;
      },
      attach: (options) => this.attach(userId, sessionId, options),
    };
  }

  /** The hub of a session whose ownership the caller has already checked (recordings). */
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

  /** Ends a session's hub: every subscriber's stream ends, and says why. */
  end(sessionId: string, reason: HubEndReason): void {
    this.endReasons.set(sessionId, reason);
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    this.entries.delete(sessionId);
    entry.hub.then((hub) => hub.dispose()).catch(() => undefined);
  }

  disposeAll(): void {
    for (const sessionId of [...this.entries.keys()]) this.drop(sessionId);
  }

  /** Detaches hubs that nobody has used for HUB_IDLE_MS; run every HUB_SWEEP_INTERVAL_MS. */
  sweep(): void {
    const cutoff = this.now() - HUB_IDLE_MS;
    for (const [sessionId, entry] of this.entries) {
      if (entry.refs === 0 && entry.idleSince <= cutoff) this.drop(sessionId);
    }
    if (this.endReasons.size > 10_000) this.endReasons.clear();
  }

  private async *attach(
    userId: string,
    sessionId: string,
    options: Parameters<OwnedTerminal['attach']>[0],
  ): AsyncGenerator<StreamItem> {
    const owner = await this.ownerOf(userId, sessionId, false);
    const size = options.cols && options.rows ? { cols: options.cols, rows: options.rows } : undefined;
    // A hub opened for this client starts at its size, so the first snapshot needs no resize.
    const lease = this.acquire({ ...owner, ...size });
    try {
      let hub: TerminalHub;
      try {
        hub = await lease.hub;
      } catch (error) {
        yield { data: { type: 'error', message: `cannot attach: ${(error as Error).message}` } };
        return;
      }
      if (size) {
        // If this client decides the size, let tmux apply it before the snapshot, so the client
        // starts at its own size rather than resizing right after. (Another client in charge: no wait.)
        const applied = hub.resize(size.cols, size.rows, options.clientId);
        if (applied) await hub.waitForSize(applied, PANE_RESIZE_WAIT_MS);
      }
      yield* attachStream(hub, { ...options, endReason: () => this.endReasons.get(sessionId) });
    } finally {
      lease.release();
    }
  }

  /** The hub for input or resize; opens one if needed (typing into a session nobody watches). */
  private async hubOf(userId: string, sessionId: string): Promise<TerminalHub> {
    const entry = this.entryFor(await this.ownerOf(userId, sessionId, true));
    if (entry.refs === 0) entry.idleSince = this.now();
    return entry.hub;
  }

  private async ownerOf(userId: string, sessionId: string, use: boolean): Promise<HubOwner> {
    const cached = this.entries.get(sessionId)?.owner;
    // Another user's id, or no open hub: the database decides (and refuses in its own words).
    const owner = cached?.userId === userId ? cached : await this.options.resolveOwner(userId, sessionId);
    if (use) this.options.onUse?.(sessionId);
    return owner;
  }

  private drop(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    this.entries.delete(sessionId);
    entry?.hub.then((hub) => hub.dispose()).catch(() => undefined);
  }

  private entryFor(owner: HubOwner): Entry {
    const existing = this.entries.get(owner.sessionId);
    if (existing) return existing;
    const entry: Entry = {
      owner,
      refs: 0,
      idleSince: this.now(),
      hub: TerminalHub.open({
        tmux: this.options.tmux,
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
          this.options.onExit(owner, code);
        });
      },
      (error: unknown) => {
        if (this.entries.get(owner.sessionId) === entry) this.entries.delete(owner.sessionId);
        this.options.logger.warn({ err: error, session: owner.sessionId }, 'could not attach to tmux session');
      },
    );
    return entry;
  }
}
