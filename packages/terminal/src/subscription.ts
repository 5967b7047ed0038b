/** What a subscriber pulls from a `TerminalHub`. */
export type TerminalEvent =
  /** Output; `seq` = stream offset at the end of `data`, usable as `subscribe({ after: seq })`. */
  | { type: 'output'; seq: number; data: string }
  /** The session's process exited (`code` = its exit status when known); the stream ends. */
  | { type: 'exit'; code: number | null }
  /**
   * The pane now has this size; output after `seq` is drawn at it (a terminal showing the
   * stream must take this size before writing more).
   */
  | { type: 'size'; seq: number; cols: number; rows: number }
  /**
   * The pane's final screen and history, sent just before `exit`: tmux drops output it had not
   * yet streamed when a pane dies, so a terminal must replace what it shows with this.
   */
  | { type: 'snapshot'; seq: number; data: string; cols: number; rows: number }
  /**
   * During a flood (output faster than anyone reads), the current screen in place of the
   * output: replace what the terminal shows. The flood ends with a `resync`.
   */
  | { type: 'preview'; data: string; cols: number; rows: number }
  /**
   * This subscriber fell behind and its queue was dropped: show it a fresh `hub.snapshot()`.
   * Output events that follow continue the live stream; skip those with `seq <= snapshot.seq`.
   */
  | { type: 'resync' };

/** The hub side of a subscription. */
export interface SubscriptionOwner {
  /** The subscriber took events off its queue (the hub may resume reading). */
  onDrained(subscription: Subscription): void;
  onDisposed(subscription: Subscription): void;
}

/**
 * A bounded pull queue of `TerminalEvent`s. Pull with `next()` (null = ended) or `for await`.
 * Created by `TerminalHub.subscribe()`; only the hub pushes into it.
 */
export class Subscription implements AsyncIterable<TerminalEvent> {
  /** The requested `after` was not available: show a snapshot first; output continues live. */
  readonly needsSnapshot: boolean;
  private queue: TerminalEvent[] = [];
  private head = 0;
  private bytes = 0;
  private waiter: ((event: TerminalEvent | null) => void) | null = null;
  private resyncPending = false;
  private closed = false;
  private disposed = false;
  /** When this subscriber started holding the pty paused (queue above low water), else null. */
  holdingSince: number | null = null;

  constructor(
    private readonly owner: SubscriptionOwner,
    readonly id: number,
    needsSnapshot: boolean,
  ) {
    this.needsSnapshot = needsSnapshot;
  }

  /** Output and preview bytes (UTF-16 code units) queued and not yet pulled. */
  get queuedBytes(): number {
    return this.bytes;
  }

  /** Dropped for lagging and not yet told (it gets `resync` on its next pull). */
  get lagging(): boolean {
    return this.resyncPending;
  }

  /** Takes output events: not while lagging (it will resync) and not once closed. */
  get acceptsOutput(): boolean {
    return !this.resyncPending && !this.closed;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  next(): Promise<TerminalEvent | null> {
    if (this.resyncPending) {
      this.resyncPending = false;
      return Promise.resolve({ type: 'resync' });
    }
    if (this.head < this.queue.length) {
      const event = this.queue[this.head]!;
      this.queue[this.head++] = undefined as never;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      if (countsAsOutput(event)) {
        this.bytes -= event.data.length;
        this.owner.onDrained(this);
      }
      return Promise.resolve(event);
    }
    if (this.closed) return Promise.resolve(null);
    if (this.waiter)
      return Promise.reject(
        new Error('Subscription.next() called while a previous call is pending'),
      );
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TerminalEvent> {
    try {
      for (let event = await this.next(); event; event = await this.next()) yield event;
    } finally {
      this.dispose();
    }
  }

  /** Unsubscribes; a pending `next()` resolves null. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.close(false);
    this.owner.onDisposed(this);
  }

  /** @internal */
  push(event: TerminalEvent): void {
    if (this.closed) return;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve(event);
      return;
    }
    this.queue.push(event);
    if (countsAsOutput(event)) this.bytes += event.data.length;
  }

  /** @internal Drops the queued output and owes the subscriber a `resync`. */
  markLagging(): void {
    this.queue = this.queue.slice(this.head).filter((event) => !countsAsOutput(event));
    this.head = 0;
    this.bytes = 0;
    this.holdingSince = null;
    this.resyncPending = true;
    if (this.waiter) {
      // Cannot happen with a queue above water (a waiting subscriber has an empty queue).
      this.resyncPending = false;
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ type: 'resync' });
    }
  }

  /** @internal Ends the stream: with `drain`, queued events are still delivered. */
  close(drain: boolean): void {
    this.closed = true;
    if (!drain) {
      this.queue = [];
      this.head = 0;
      this.bytes = 0;
      this.resyncPending = false;
    }
    // A waiting subscriber has an empty queue: nothing left to drain.
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve(null);
    }
  }
}

/** Events that fill the queue toward the high water mark and are dropped when lagging. */
function countsAsOutput(
  event: TerminalEvent,
): event is Extract<TerminalEvent, { type: 'output' | 'preview' }> {
  return event.type === 'output' || event.type === 'preview';
}
