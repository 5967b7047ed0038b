/** Keys held while the connection is down (or not yet acknowledged), at most this many UTF-16 units. */
export const MAX_QUEUED_INPUT = 64 * 1024;

export interface QueuedInput {
  /** Increasing per client: the daemon skips a number it has already applied. */
  seq: number;
  data: string;
  /** When it was last sent (ms), for the acknowledgement timeout; undefined until sent. */
  sentAt?: number;
}

/**
 * Keystrokes from typing until the daemon acknowledges them. Each gets a number, so after a
 * reconnect every unacknowledged one can be sent again, in order, and the daemon applies each
 * exactly once. Bounded: past MAX_QUEUED_INPUT the queue is dropped (and the caller tells the
 * user those keys were not sent) rather than typing a stale burst into a changed screen.
 */
export class InputQueue {
  private items: QueuedInput[] = [];
  private size = 0;
  /**
   * Numbers must keep increasing for the tab's clientId even across a reload (the daemon
   * remembers the last one it applied), so they start from the clock, in microseconds.
   */
  private nextSeq: number;

  constructor(now = Date.now()) {
    this.nextSeq = now * 1000;
  }

  /** Queues `data`; returns the item, or null when the queue overflowed and was dropped. */
  push(data: string): QueuedInput | null {
    if (this.size + data.length > MAX_QUEUED_INPUT) {
      this.clear();
      return null;
    }
    const item: QueuedInput = { seq: this.nextSeq++, data };
    this.items.push(item);
    this.size += data.length;
    return item;
  }

  /** The daemon applied everything up to `seq`. */
  ack(seq: number): void {
    while (this.items.length > 0 && this.items[0]!.seq <= seq) {
      this.size -= this.items.shift()!.data.length;
    }
  }

  /** Everything not yet acknowledged, oldest first. */
  pending(): readonly QueuedInput[] {
    return this.items;
  }

  /** The oldest unacknowledged input, if any. */
  oldest(): QueuedInput | undefined {
    return this.items[0];
  }

  get bytes(): number {
    return this.size;
  }

  clear(): void {
    this.items = [];
    this.size = 0;
  }
}
