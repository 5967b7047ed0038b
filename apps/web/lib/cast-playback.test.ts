import { describe, expect, it } from 'vitest';
import type { Asciicast } from './asciicast';
import { CastPlayback, type PlaybackClock, type PlaybackState } from './cast-playback';

/** A clock that moves only when told, running the timers that come due. */
class FakeClock implements PlaybackClock {
  time = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private nextId = 1;
  now = () => this.time;
  setTimeout = (run: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, run });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].run();
    }
    this.time = end;
  }
}

/** A screen that keeps what a terminal would show: everything since the last reset. */
function fakeScreen() {
  const screen = { text: '', writes: 0, resets: 0 };
  return {
    screen,
    target: {
      write: (data: string) => {
        screen.text += data;
        screen.writes += 1;
      },
      reset: () => {
        screen.text = '';
        screen.resets += 1;
      },
    },
  };
}

// a at 0.5 s, b at 1 s, c at 11 s (a 10 s idle gap, cut to 2 s), d at 12 s.
const CAST: Asciicast = {
  width: 80,
  height: 24,
  events: [
    { time: 0.5, data: 'a' },
    { time: 1, data: 'b' },
    { time: 11, data: 'c' },
    { time: 12, data: 'd' },
  ],
};

function setUp() {
  const clock = new FakeClock();
  const { screen, target } = fakeScreen();
  const states: PlaybackState[] = [];
  const playback = new CastPlayback(CAST, target, {
    maxGap: 2,
    clock,
    onState: (s) => states.push(s),
  });
  return { clock, screen, states, playback };
}

describe('CastPlayback', () => {
  it('plays with the recording timing, idle gaps cut to maxGap, and ends', () => {
    const { clock, screen, states, playback } = setUp();
    expect(playback.duration).toBe(4); // 0.5 + 0.5 + 2 + 1
    playback.play();
    clock.advance(400);
    expect(screen.text).toBe('');
    clock.advance(100);
    expect(screen.text).toBe('a');
    clock.advance(500);
    expect(screen.text).toBe('ab');
    clock.advance(1_999);
    expect(screen.text).toBe('ab');
    clock.advance(1);
    expect(screen.text).toBe('abc');
    clock.advance(1_000);
    expect(screen.text).toBe('abcd');
    expect(playback.state).toBe('done');
    expect(states).toEqual(['playing', 'done']);
  });

  it('pauses (nothing more is written, the position holds) and resumes where it was', () => {
    const { clock, screen, playback } = setUp();
    playback.play();
    clock.advance(700);
    playback.pause();
    expect(playback.position()).toBeCloseTo(0.7);
    clock.advance(60_000);
    expect(screen.text).toBe('a');
    expect(playback.position()).toBeCloseTo(0.7);
    playback.play();
    clock.advance(299);
    expect(screen.text).toBe('a');
    clock.advance(1);
    expect(screen.text).toBe('ab');
  });

  it('seeks by replaying from the start up to the position in one write, then plays on', () => {
    const { clock, screen, playback } = setUp();
    playback.play();
    clock.advance(600);
    const writes = screen.writes;
    playback.seek(3.2);
    expect(screen.resets).toBe(1);
    expect(screen.text).toBe('abc');
    expect(screen.writes).toBe(writes + 1);
    expect(playback.state).toBe('playing');
    clock.advance(799);
    expect(screen.text).toBe('abc');
    clock.advance(1);
    expect(screen.text).toBe('abcd');

    // Back to the start from the end: an empty screen, paused there.
    playback.seek(0.2);
    expect(screen.text).toBe('');
    expect(playback.state).toBe('paused');
    expect(playback.position()).toBeCloseTo(0.2);
  });

  it('seeks while paused without starting to play', () => {
    const { clock, screen, playback } = setUp();
    playback.seek(1);
    expect(screen.text).toBe('ab');
    clock.advance(10_000);
    expect(screen.text).toBe('ab');
    expect(playback.state).toBe('paused');
  });

  it('speeds up from the current position', () => {
    const { clock, screen, playback } = setUp();
    playback.play();
    clock.advance(1_000);
    expect(screen.text).toBe('ab');
    playback.setSpeed(8);
    clock.advance(249);
    expect(screen.text).toBe('ab');
    clock.advance(1);
    expect(screen.text).toBe('abc');
  });

  it('skips to the end, and plays again from the start after the end', () => {
    const { clock, screen, playback } = setUp();
    playback.play();
    playback.skipToEnd();
    expect(screen.text).toBe('abcd');
    expect(playback.state).toBe('done');
    expect(playback.position()).toBe(4);
    playback.play();
    expect(screen.text).toBe('');
    clock.advance(500);
    expect(screen.text).toBe('a');
  });

  it('ends at once for a recording without output', () => {
    const clock = new FakeClock();
    const { target } = fakeScreen();
    const playback = new CastPlayback({ width: 80, height: 24, events: [] }, target, {
      maxGap: 2,
      clock,
    });
    playback.play();
    expect(playback.state).toBe('done');
    expect(playback.duration).toBe(0);
  });
});
