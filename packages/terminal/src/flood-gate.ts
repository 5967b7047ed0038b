/**
 * Pane output faster than this (bytes within FLOOD_WINDOW_MS, about 2.5 MB/s) is a flood: no
 * one reads it as it scrolls, a browser's terminal parses 5-35 MB/s, and tmux 3.3 spends about
 * as much CPU escaping each byte for a control client (`\ooo`, one printf per byte) as it does
 * drawing it. So the hub stops taking the stream and shows the screen instead, as tmux does for a
 * slow terminal (it drops frames and redraws every 100 ms).
 */
export const FLOOD_BYTES = 256 * 1024;
export const FLOOD_WINDOW_MS = 100;
/**
 * Output sustained above this many bytes within FLOOD_SUSTAINED_WINDOW_MS (about 1 MB/s) is a
 * flood too: on a busy machine tmux and the daemon may never take in FLOOD_BYTES in one short
 * window, however fast the program writes.
 */
export const FLOOD_SUSTAINED_BYTES = 512 * 1024;
export const FLOOD_SUSTAINED_WINDOW_MS = 500;
/** While a flood lasts, subscribers get the screen this often. */
export const FLOOD_PREVIEW_MS = 100;
/**
 * A flood is ended (the stream taken again, subscribers resynchronised) at least this often, in
 * case output slowed down while the screen kept changing; the interval doubles for floods that
 * follow each other (up to FLOOD_RECHECK_MAX_MS), since each recheck takes a flood's worth of
 * the stream and a snapshot.
 */
export const FLOOD_RECHECK_MS = 500;
export const FLOOD_RECHECK_MAX_MS = 2_000;
/**
 * For this long after a recheck, a quarter of FLOOD_BYTES within FLOOD_WINDOW_MS means the flood
 * goes on (a recheck should cost little of the stream); a flood that starts then gets the
 * doubled recheck interval.
 */
export const FLOOD_RECHECK_GRACE_MS = 1_000;

/** Counts output per window and says when it became a flood. */
export class FloodDetector {
  private windowStart = Number.NEGATIVE_INFINITY;
  private bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Adds `length` bytes of output; true when the current window holds more than the limit. */
  add(length: number, now = performance.now()): boolean {
    if (now - this.windowStart > this.windowMs) {
      this.windowStart = now;
      this.bytes = 0;
    }
    this.bytes += length;
    return this.bytes > this.limit;
  }

  reset(): void {
    this.windowStart = Number.NEGATIVE_INFINITY;
    this.bytes = 0;
  }
}
