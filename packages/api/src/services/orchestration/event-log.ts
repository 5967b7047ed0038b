// In-process event fan-out with ids a client can resume from: the source of the status and
// insight subscriptions. Ids are the terminal stream's own `<epoch>:<seq>` (one scheme for every
// resumable stream); the epoch is new per log, so an id from a previous run is recognised as
// unknown (the client then gets a fresh backlog).
import { randomBytes } from 'node:crypto';
import { streamEventId, streamEventSeq } from '@rdv/contract';

/** Events each log keeps for resuming clients. @default 1000 */
export const DEFAULT_EVENT_LOG_CAPACITY = 1_000;
/** A subscriber that falls this far behind loses its oldest events (logged by the caller). */
export const MAX_SUBSCRIBER_QUEUE = 10_000;

export interface LoggedEvent<T> {
  id: string;
  seq: number;
  data: T;
}

export interface Disposable {
  dispose(): void;
}

export class EventLog<T> {
  private readonly epoch = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly buffer: LoggedEvent<T>[] = [];
  private readonly listeners = new Set<(event: LoggedEvent<T>) => void>();

  constructor(private readonly capacity = DEFAULT_EVENT_LOG_CAPACITY) {}

  publish(data: T): LoggedEvent<T> {
    this.seq += 1;
    const event = { id: streamEventId(this.epoch, this.seq), seq: this.seq, data };
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) this.buffer.shift();
    for (const listener of this.listeners) listener(event);
    return event;
  }

  subscribe(listener: (event: LoggedEvent<T>) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** The id of the newest event (a cursor for a backlog read now). */
  cursor(): { id: string; seq: number } {
    return { id: streamEventId(this.epoch, this.seq), seq: this.seq };
  }

  /**
   * The events after `lastEventId`, or null when the id is from another run or too old to
   * replay exactly (the caller then sends its backlog instead).
   */
  since(lastEventId: string): LoggedEvent<T>[] | null {
    const seq = streamEventSeq(lastEventId, this.epoch);
    if (seq === undefined || seq > this.seq) return null;
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    if (seq < oldest - 1) return null;
    return this.buffer.filter((event) => event.seq > seq);
  }

  listenerCount(): number {
    return this.listeners.size;
  }
}

/**
 * A subscription stream over an EventLog: subscribes first, then yields either the exact
 * events missed since `lastEventId` or the `backlog` (tagged with the cursor taken at subscribe
 * time), then live events, skipping any the replay or backlog already covered. Ends when
 * `signal` aborts.
 */
export async function* streamEvents<T, B = T>(opts: {
  log: EventLog<T>;
  /** Only events this returns true for reach the stream (e.g. the caller's user). */
  filter: (data: T) => boolean;
  lastEventId?: string | null;
  /** The current state, read after subscribing; sent when there is nothing to replay. */
  backlog: () => Promise<B[]>;
  signal?: AbortSignal;
  onOverflow?: (dropped: number) => void;
}): AsyncGenerator<{ id: string; data: T | B }> {
  const queue: LoggedEvent<T>[] = [];
  let wake: (() => void) | null = null;
  let dropped = 0;
  const subscription = opts.log.subscribe((event) => {
    if (!opts.filter(event.data)) return;
    queue.push(event);
    if (queue.length > MAX_SUBSCRIBER_QUEUE) {
      queue.shift();
      dropped += 1;
    }
    wake?.();
  });
  const onAbort = () => wake?.();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    let delivered: number;
    const replay = opts.lastEventId ? opts.log.since(opts.lastEventId) : null;
    if (replay) {
      delivered = opts.log.cursor().seq;
      for (const event of replay)
        if (opts.filter(event.data)) yield { id: event.id, data: event.data };
    } else {
      const cursor = opts.log.cursor();
      delivered = cursor.seq;
      for (const item of await opts.backlog()) yield { id: cursor.id, data: item };
    }
    while (!opts.signal?.aborted) {
      const event = queue.shift();
      if (!event) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      if (dropped) {
        opts.onOverflow?.(dropped);
        dropped = 0;
      }
      if (event.seq <= delivered) continue;
      delivered = event.seq;
      yield { id: event.id, data: event.data };
    }
  } finally {
    subscription.dispose();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
