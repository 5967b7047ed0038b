import { describe, expect, it } from 'vitest';
import {
  castFileName,
  eventsUpTo,
  fetchAllPages,
  formatPlaybackTime,
  parseAsciicast,
  playbackTimes,
} from './asciicast';

describe('parseAsciicast', () => {
  it('reads the size and the output events, skipping other codes and broken lines', () => {
    const cast = [
      JSON.stringify({ version: 2, width: 100, height: 30, timestamp: 1 }),
      JSON.stringify([0.1, 'o', 'hello ']),
      JSON.stringify([0.2, 'i', 'typed']),
      JSON.stringify([0.5, 'r', '80x24']),
      '',
      JSON.stringify([1.25, 'o', 'wörld\r\n']),
      '[2.0, "o", "half-writ',
    ].join('\n');
    expect(parseAsciicast(cast)).toEqual({
      width: 100,
      height: 30,
      events: [
        { time: 0.1, data: 'hello ' },
        { time: 1.25, data: 'wörld\r\n' },
      ],
    });
  });

  it('defaults a missing size, and refuses what is not asciicast v2', () => {
    expect(parseAsciicast('{"version":2}\n')).toEqual({ width: 80, height: 24, events: [] });
    expect(() => parseAsciicast('{"version":1,"width":80}')).toThrow(/v2/);
    expect(() => parseAsciicast('')).toThrow(/header/);
  });
});

describe('fetchAllPages', () => {
  it('follows nextOffset until null', async () => {
    const pages = new Map([
      [0, { text: 'ab', nextOffset: 2 }],
      [2, { text: 'cd', nextOffset: 4 }],
      [4, { text: 'e', nextOffset: null }],
    ]);
    const seen: number[] = [];
    const text = await fetchAllPages(async (offset) => {
      seen.push(offset);
      return pages.get(offset)!;
    });
    expect(text).toBe('abcde');
    expect(seen).toEqual([0, 2, 4]);
  });
});

describe('playbackTimes and eventsUpTo', () => {
  const events = [
    { time: 5, data: 'a' },
    { time: 5.5, data: 'b' },
    { time: 5.5, data: 'c' },
    { time: 30, data: 'd' },
  ];

  it('cuts the wait before the first event and idle gaps to maxGap', () => {
    expect(playbackTimes(events, 2)).toEqual([2, 2.5, 2.5, 4.5]);
    expect(playbackTimes(events, 100)).toEqual([5, 5.5, 5.5, 30]);
  });

  it('counts the events at or before a time', () => {
    const times = playbackTimes(events, 2);
    expect(eventsUpTo(times, 0)).toBe(0);
    expect(eventsUpTo(times, 2)).toBe(1);
    expect(eventsUpTo(times, 2.5)).toBe(3);
    expect(eventsUpTo(times, 4.4)).toBe(3);
    expect(eventsUpTo(times, 99)).toBe(4);
    expect(eventsUpTo([], 1)).toBe(0);
  });
});

describe('formatPlaybackTime', () => {
  it('shows m:ss, and h:mm:ss from an hour', () => {
    expect(formatPlaybackTime(0)).toBe('0:00');
    expect(formatPlaybackTime(65.9)).toBe('1:05');
    expect(formatPlaybackTime(3_725)).toBe('1:02:05');
  });
});

describe('castFileName', () => {
  it('makes a safe file name from the session name', () => {
    expect(castFileName('agent: refactor')).toBe('agent-refactor.cast');
    expect(castFileName('../../etc/passwd')).toBe('etc-passwd.cast');
    expect(castFileName('café')).toBe('cafe.cast');
    expect(castFileName('')).toBe('recording.cast');
    expect(castFileName('///')).toBe('recording.cast');
  });
});
