import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.ts';
import { searchQueryInput } from '../../schemas/search.ts';
import { decodeCursor, encodeCursor, isAfter } from './search-cursor.ts';
import { boundedText, MAX_MATCH_TEXT } from './match-text.ts';

const input = searchQueryInput.parse({ query: 'needle' });
const position = {
  source: 'scrollback' as const,
  createdAt: 1_700_000_000_000,
  sessionId: 'abc',
  line: 42,
};

describe('search cursors', () => {
  it('round-trip a position for the same query', () => {
    const cursor = encodeCursor(input, position);
    expect(decodeCursor({ ...input, cursor })).toEqual(position);
    // The limit is not part of the query: a next page may ask for a different size.
    expect(decodeCursor({ ...input, limit: 7, cursor })).toEqual(position);
  });

  it('refuse a cursor of another query, or one that is not a cursor', () => {
    const cursor = encodeCursor(input, position);
    expect(() => decodeCursor({ ...input, query: 'other', cursor })).toThrow(/another query/);
    expect(() => decodeCursor({ ...input, caseSensitive: true, cursor })).toThrow(BadInputError);
    expect(() => decodeCursor({ ...input, cursor: 'not-a-cursor' })).toThrow(/invalid cursor/);
    const forged = Buffer.from(
      JSON.stringify({ v: 1, k: 'x', s: 'nowhere', c: 0, i: 'a', l: 0 }),
    ).toString('base64url');
    expect(() => decodeCursor({ ...input, cursor: forged })).toThrow(/invalid cursor/);
  });

  it('order sessions newest first, then by id', () => {
    expect(isAfter({ createdAt: position.createdAt - 1, id: 'zzz' }, position)).toBe(true);
    expect(isAfter({ createdAt: position.createdAt, id: 'abb' }, position)).toBe(true);
    expect(isAfter({ createdAt: position.createdAt, id: 'abc' }, position)).toBe(false);
    expect(isAfter({ createdAt: position.createdAt + 1, id: 'aaa' }, position)).toBe(false);
  });
});

describe('boundedText', () => {
  it('keeps a short line whole', () => {
    expect(boundedText('find me', [[5, 7]])).toEqual({ text: 'find me', ranges: [[5, 7]] });
  });

  it('cuts a long line to a window around its first match and moves the ranges', () => {
    const line = `${'a'.repeat(1000)}NEEDLE${'b'.repeat(1000)}`;
    const { text, ranges } = boundedText(line, [
      [1000, 1006],
      [1990, 1995],
    ]);
    expect(text).toHaveLength(MAX_MATCH_TEXT);
    expect(ranges).toHaveLength(1);
    const [start, end] = ranges[0]!;
    expect(text.slice(start, end)).toBe('NEEDLE');
  });
});

describe('searchQueryInput', () => {
  it('refuses a bad regular expression, one that matches empty text, and an over-long one, saying why', () => {
    expect(
      searchQueryInput.safeParse({ query: '(unclosed', regex: true }).error?.issues[0]?.message,
    ).toMatch(/invalid regular expression/);
    expect(
      searchQueryInput.safeParse({ query: 'x*', regex: true }).error?.issues[0]?.message,
    ).toMatch(/matches empty text/);
    expect(
      searchQueryInput.safeParse({ query: 'a'.repeat(201), regex: true }).error?.issues[0]?.message,
    ).toMatch(/at most 200/);
    expect(searchQueryInput.safeParse({ query: '(unclosed' }).success).toBe(true);
    expect(searchQueryInput.safeParse({ query: 'two\nlines' }).success).toBe(false);
    expect(searchQueryInput.safeParse({ query: '' }).success).toBe(false);
    expect(searchQueryInput.safeParse({ query: 'x', limit: 501 }).success).toBe(false);
    expect(searchQueryInput.safeParse({ query: 'x', sources: [] }).success).toBe(false);
  });
});

describe('scrollbackWindows', () => {
  it('starts small for a quick first page, then doubles up to the cap', async () => {
    const { scrollbackWindows, FIRST_WINDOW_SESSIONS, MAX_WINDOW_SESSIONS } =
      await import('./search-service.ts');
    const sizes = scrollbackWindows(Array.from({ length: 100 }, (_, i) => i)).map((w) => w.length);
    expect(sizes[0]).toBe(FIRST_WINDOW_SESSIONS);
    expect(sizes.slice(0, 3)).toEqual([4, 8, 16]);
    expect(Math.max(...sizes)).toBe(MAX_WINDOW_SESSIONS);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
    expect(scrollbackWindows([])).toEqual([]);
    expect(
      scrollbackWindows(
        Array.from({ length: 40 }, (_, i) => i),
        MAX_WINDOW_SESSIONS,
      ).map((w) => w.length),
    ).toEqual([16, 16, 8]);
  });
});
