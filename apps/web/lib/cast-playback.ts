import { eventsUpTo, playbackTimes, type Asciicast } from './asciicast';

/** Where the recording is drawn: a read-only xterm.js in the dashboard. */
export interface PlaybackScreen {
  write(data: string): void;
  /** Clears the screen and the terminal's modes, as before the first event. */
  reset(): void;
}

/** Time and timers, injectable so the tests can drive them. */
export interface PlaybackClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type PlaybackState = 'playing' | 'paused' | 'done';

const realClock: PlaybackClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Plays an asciicast into a screen with its timing (idle gaps cut to `maxGap`), and pauses,
 * resumes, changes speed and seeks. A seek replays every event from the start up to the new
 * position in one write (a terminal's screen is the sum of everything written to it), then
 * goes on from there.
 */
export class CastPlayback {
  /** Seconds on the player's clock from the start to the last event. */
  readonly duration: number;
  private readonly times: number[];
  /** The next event to write. */
  private index = 0;
  /** The position at a moment of the clock: the position now follows from it and the speed. */
  private anchor = { position: 0, at: 0 };
  private speed = 1;
  private timer: unknown = null;
  private current: PlaybackState = 'paused';

  constructor(
    private readonly cast: Asciicast,
    private readonly screen: PlaybackScreen,
    private readonly opts: {
      maxGap: number;
      clock?: PlaybackClock;
      onState?: (state: PlaybackState) => void;
    },
  ) {
    this.times = playbackTimes(cast.events, opts.maxGap);
    this.duration = this.times[this.times.length - 1] ?? 0;
    this.anchor.at = this.clock.now();
  }

  get state(): PlaybackState {
    return this.current;
  }

  /** Seconds from the start on the player's clock. */
  position(): number {
    if (this.current !== 'playing') return this.anchor.position;
    const elapsed = ((this.clock.now() - this.anchor.at) / 1000) * this.speed;
    return Math.min(this.duration, this.anchor.position + elapsed);
  }

  /** Plays from the current position; from the start again once it has ended. */
  play(): void {
    if (this.current === 'playing') return;
    if (this.current === 'done') this.seek(0);
    this.anchor = { position: this.anchor.position, at: this.clock.now() };
    this.setState('playing');
    this.schedule();
  }

  pause(): void {
    if (this.current !== 'playing') return;
    this.anchor = { position: this.position(), at: this.clock.now() };
    this.stopTimer();
    this.setState('paused');
  }

  setSpeed(speed: number): void {
    this.anchor = { position: this.position(), at: this.clock.now() };
    this.speed = speed;
    if (this.current === 'playing') this.schedule();
  }

  /** Shows the screen as it was at `time` seconds; a playing recording goes on from there. */
  seek(time: number): void {
    const target = Math.min(this.duration, Math.max(0, time));
    this.stopTimer();
    this.screen.reset();
    const count = eventsUpTo(this.times, target);
    this.writeEvents(0, count);
    this.index = count;
    this.anchor = { position: target, at: this.clock.now() };
    if (this.index >= this.cast.events.length && this.current !== 'paused') this.finish();
    else if (this.current === 'done') this.setState('paused');
    else if (this.current === 'playing') this.schedule();
  }

  /** Writes the rest at once and ends. */
  skipToEnd(): void {
    this.stopTimer();
    this.writeEvents(this.index, this.cast.events.length);
    this.index = this.cast.events.length;
    this.finish();
  }

  dispose(): void {
    this.stopTimer();
  }

  private get clock(): PlaybackClock {
    return this.opts.clock ?? realClock;
  }

  /** Writes what is due, then waits for the next event. */
  private tick(): void {
    this.timer = null;
    if (this.current !== 'playing') return;
    // The event this tick was scheduled for is due even if the timer fired a hair early.
    const due = Math.max(this.position(), this.times[this.index] ?? 0);
    const until = eventsUpTo(this.times, due);
    this.writeEvents(this.index, until);
    this.index = until;
    if (this.index >= this.cast.events.length) return this.finish();
    this.schedule();
  }

  private schedule(): void {
    this.stopTimer();
    const next = this.times[this.index];
    if (next === undefined) return this.finish();
    const ms = Math.max(0, ((next - this.position()) * 1000) / this.speed);
    this.timer = this.clock.setTimeout(() => this.tick(), ms);
  }

  private finish(): void {
    this.stopTimer();
    this.anchor = { position: this.duration, at: this.clock.now() };
    this.setState('done');
  }

  private writeEvents(from: number, to: number): void {
    if (to <= from) return;
    this.screen.write(
      this.cast.events
        .slice(from, to)
        .map((event) => event.data)
        .join(''),
    );
  }

  private stopTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: PlaybackState): void {
    if (state === this.current) return;
    this.current = state;
    this.opts.onState?.(state);
  }
}
