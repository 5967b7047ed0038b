// `@rdv/client/input-pump`: no imports at all, so the dashboard's bundle can use it as is.

/** Largest `terminal.input` sent at once (the API takes up to 2 MiB). */
export const DEFAULT_MAX_INPUT_CHUNK = 512 * 1024;

/** One `terminal.input` call: `seq` increases per client, so the daemon applies each once. */
export interface InputChunk {
  seq: number;
  data: string;
}

export interface InputPumpOptions {
  /** Sends one chunk (`terminal.input` with `inputSeq: chunk.seq`); resolves once applied. */
  send: (chunk: InputChunk) => Promise<unknown>;
  /** Calls in flight at once; what is typed meanwhile is coalesced into the next one. @default 1 */
  maxInFlight?: number;
  /**
   * Unacknowledged input held at most (UTF-16 units); past it everything queued is dropped
   * and `push` returns false, rather than typing a stale burst into a changed screen.
   * @default Infinity
   */
  maxQueued?: number;
  /** Largest chunk (UTF-16 units). @default DEFAULT_MAX_INPUT_CHUNK */
  maxChunk?: number;
  /**
   * The first number. The daemon remembers the last number it applied per clientId, so a
   * clientId that outlives this pump (a browser tab's, across a reload) needs numbers that keep
   * increasing: by default they start from the clock, in microseconds.
   */
  firstSeq?: number;
  /** Send at once (true), or hold everything until `resume()`. @default true */
  online?: boolean;
  now?: () => number;
}

interface QueuedChunk extends InputChunk {
  /** The resume epoch in which it was last sent; undefined while never sent (it may still grow). */
  sentIn?: number;
  /** When it was last sent (ms), for an acknowledgement watchdog. */
  sentAt?: number;
}

/**
 * Keystrokes to a terminal, in order, exactly once. At most `maxInFlight` calls are in flight;
 * what is typed meanwhile is coalesced into the next chunk, so a fast typist or a paste costs
 * a few round trips, not one per key. Each chunk keeps its number until acknowledged: a failed
 * call stops the pump, and `resume()` (once the connection is back) sends every unacknowledged
 * chunk again, in order, with the same numbers; the daemon skips what it had already applied.
 */
export class InputPump {
  /** Chunks acknowledged, and pushes refused because the queue overflowed. */
  readonly stats = { acked: 0, dropped: 0 };
  private items: QueuedChunk[] = [];
  private queued = 0;
  private nextSeq: number;
  private online: boolean;
  /** Bumped by `resume()` and `clear()`: results of calls from an earlier epoch count less. */
  private epoch = 0;
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private readonly maxInFlight: number;
  private readonly maxQueued: number;
  private readonly maxChunk: number;

  constructor(private readonly opts: InputPumpOptions) {
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 1);
    this.maxQueued = opts.maxQueued ?? Number.POSITIVE_INFINITY;
    this.maxChunk = Math.max(2, opts.maxChunk ?? DEFAULT_MAX_INPUT_CHUNK);
    this.nextSeq = opts.firstSeq ?? this.now() * 1000;
    this.online = opts.online ?? true;
  }

  /** Queues `data` and sends what it may; false when the queue overflowed and was dropped. */
  push(data: string): boolean {
    if (data === '') return true;
    if (this.queued + data.length > this.maxQueued) {
      this.clear();
      this.stats.dropped += 1;
      return false;
    }
    this.queued += data.length;
    let rest = data;
    const last = this.items.at(-1);
    if (last && last.sentIn === undefined && last.data.length < this.maxChunk) {
      const piece = sliceChunk(rest, this.maxChunk - last.data.length);
      last.data += piece;
      rest = rest.slice(piece.length);
    }
    while (rest) {
      const piece = sliceChunk(rest, this.maxChunk);
      this.items.push({ seq: this.nextSeq++, data: piece });
      rest = rest.slice(piece.length);
    }
    this.pump();
    return true;
  }

  /** Hold everything (the connection is down); `resume()` goes on. */
  pause(): void {
    this.online = false;
    this.notify();
  }

  /** The connection is (back) up: every unacknowledged chunk goes again, in order, same numbers. */
  resume(): void {
    this.epoch += 1;
    this.inFlight = 0;
    this.online = true;
    this.pump();
  }

  /** Whether it sends (false after `pause()` or a failed call, until `resume()`). */
  get isOnline(): boolean {
    return this.online;
  }

  /** When the oldest unacknowledged chunk was sent, if it was. */
  oldestSentAt(): number | undefined {
    return this.items[0]?.sentAt;
  }

  /** Unacknowledged input (UTF-16 units). */
  get queuedUnits(): number {
    return this.queued;
  }

  /** Forgets everything queued (the session exited, or the queue overflowed). */
  clear(): void {
    this.items = [];
    this.queued = 0;
    this.epoch += 1;
    this.inFlight = 0;
    this.notify();
  }

  /** Resolves once nothing is in flight and nothing more can go (all sent, or paused). */
  async drain(): Promise<void> {
    while (this.online && (this.inFlight > 0 || this.nextToSend() !== undefined)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private nextToSend(): QueuedChunk | undefined {
    return this.items.find((item) => item.sentIn !== this.epoch);
  }

  private pump(): void {
    while (this.online && this.inFlight < this.maxInFlight) {
      const item = this.nextToSend();
      if (!item) return;
      this.sendOne(item);
    }
  }

  private sendOne(item: QueuedChunk): void {
    const epoch = this.epoch;
    item.sentIn = epoch;
    item.sentAt = this.now();
    this.inFlight += 1;
    let call: Promise<unknown>;
    try {
      call = this.opts.send({ seq: item.seq, data: item.data });
    } catch (error) {
      call = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    call.then(
      () => {
        this.ack(item.seq);
        this.settled(epoch);
      },
      () => {
        // Not acknowledged (the connection dropped): it stays queued until `resume()`, and so
        // does everything after it, so nothing overtakes it.
        if (epoch === this.epoch) this.online = false;
        this.settled(epoch);
      },
    );
  }

  /** The daemon applied everything up to `seq` (it skips lower numbers from now on). */
  private ack(seq: number): void {
    while (this.items.length > 0 && this.items[0]!.seq <= seq) {
      this.queued -= this.items.shift()!.data.length;
      this.stats.acked += 1;
    }
  }

  private settled(epoch: number): void {
    if (epoch === this.epoch) this.inFlight -= 1;
    this.pump();
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
function sliceChunk(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
