import { describe, expect, it } from 'vitest';
import { fetchAllPages, parseAsciicast } from './asciicast';

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
