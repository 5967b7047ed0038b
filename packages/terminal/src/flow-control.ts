import type { Subscription } from './subscription.ts';

/** Queue size (UTF-16 code units) above which a subscriber pauses the pty. */
export const SUBSCRIBER_HIGH_WATER = 256 * 1024;
/** The pty resumes once every healthy subscriber is at or below this. */
export const SUBSCRIBER_LOW_WATER = 64 * 1024;
/** How long one subscriber may hold the pty paused before it is dropped and must resync. */
export const STALL_GRACE_MS = 250;

export interface FlowControlOptions {
  highWater: number;
  lowWater: number;
  stallGraceMs: number;
  pause(): void;
  resume(): void;
}

/**
 * Backpressure from subscribers to the pty. Pausing the pty is safe: tmux then discards frames
 * for its client and redraws later (TERMINAL.md), so tmux's memory stays bounded too. A
 * subscriber that keeps the pty paused longer than the grace period without draining is marked
 * lagging (queue dropped, `resync` owed), so a stalled client delays the others by at most the
 * grace period and costs at most one queue of memory.
 */
export class FlowControl {
  private paused = false;
  private stallTimer: NodeJS.Timeout | undefined;
  private pauses = 0;
  private lags = 0;

  constructor(
    private readonly options: FlowControlOptions,
    private readonly subscribers: () => Iterable<Subscription>,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  /** Times the pty was paused / subscribers were dropped for lagging (health, tests). */
  get counters(): { pauses: number; lags: number } {
    return { pauses: this.pauses, lags: this.lags };
  }

  /** Re-evaluates after output was queued or drained, or a subscriber came or went. */
  update(now = Date.now()): void {
    const { highWater, lowWater } = this.options;
    let aboveHigh = false;
    let aboveLow = false;
    for (const sub of this.subscribers()) {
      if (!sub.acceptsOutput) continue;
      if (sub.queuedBytes > highWater) aboveHigh = true;
      if (sub.queuedBytes > lowWater) aboveLow = true;
      else sub.holdingSince = null;
    }
    if (!this.paused && aboveHigh) {
      this.paused = true;
      this.pauses++;
      this.options.pause();
    } else if (this.paused && !aboveLow) {
      this.release();
      this.options.resume();
      return;
    }
    if (this.paused) this.trackHolders(now);
  }

  /** Stops timers; the pty is going away. */
  dispose(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  private release(): void {
    this.paused = false;
    this.dispose();
    for (const sub of this.subscribers()) sub.holdingSince = null;
  }

  /** Starts the clock for subscribers that hold the pty and arms a check for the earliest. */
  private trackHolders(now: number): void {
    let earliest = Infinity;
    for (const sub of this.subscribers()) {
      if (!sub.acceptsOutput || sub.queuedBytes <= this.options.lowWater) continue;
      sub.holdingSince ??= now;
      earliest = Math.min(earliest, sub.holdingSince);
    }
    if (earliest === Infinity || this.stallTimer) return;
    const delay = Math.max(0, earliest + this.options.stallGraceMs - now);
    this.stallTimer = setTimeout(() => this.dropStalled(), delay);
  }

  private dropStalled(): void {
    this.stallTimer = undefined;
    const now = Date.now();
    for (const sub of this.subscribers()) {
      if (sub.holdingSince !== null && now - sub.holdingSince >= this.options.stallGraceMs) {
        sub.markLagging();
        this.lags++;
      }
    }
    this.update(now);
  }
}
