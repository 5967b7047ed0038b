import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.ts';
import { createMatcher, escapeRegExp, findLiteral, findRanges } from './line-matcher.ts';
import { RegexWorker } from './regex-worker.ts';

describe('findLiteral and findRanges', () => {
  it('report every non-overlapping occurrence as [start, end)', () => {
    expect(findLiteral('ab', 'xxabyyabab', 10)).toEqual([[2, 4], [6, 8], [8, 10]]);
    expect(findLiteral('aa', 'aaaa', 10)).toEqual([[0, 2], [2, 4]]);
    expect(findRanges(/b+/g, 'abbcb', 10)).toEqual([[1, 3], [4, 5]]);
  });

  it('step over empty matches instead of looping on them', () => {
    expect(findRanges(/x*/g, 'axxbx', 10)).toEqual([[1, 3], [4, 5]]);
  });

  it('stop at the cap', () => {
    expect(findLiteral('a', 'aaaaa', 2)).toHaveLength(2);
    expect(findRanges(/a/g, 'aaaaa', 3)).toHaveLength(3);
  });

  it('escapes every RegExp metacharacter', () => {
    const text = 'a.b*c+(d)[e]{f}|g^h$i\\j?k/l-m';
    expect(new RegExp(escapeRegExp(text)).exec(`xx${text}yy`)?.index).toBe(2);
  });
});

describe('createMatcher', () => {
  const lines = ['Error: disk full', 'all good', 'error again, ERROR', 'a.b and axb'];

  it('finds a literal, ignoring case unless asked not to', async () => {
    const insensitive = createMatcher({ query: 'error', regex: false, caseSensitive: false });
    expect(await insensitive.match(lines)).toEqual([
      { index: 0, ranges: [[0, 5]] },
      { index: 2, ranges: [[0, 5], [13, 18]] },
    ]);
    const sensitive = createMatcher({ query: 'error', regex: false, caseSensitive: true });
    expect(await sensitive.match(lines)).toEqual([{ index: 2, ranges: [[0, 5]] }]);
  });

  it('reads a literal query literally (no RegExp meaning)', async () => {
    const matcher = createMatcher({ query: 'a.b', regex: false, caseSensitive: false });
    expect(await matcher.match(lines)).toEqual([{ index: 3, ranges: [[0, 3]] }]);
  });

  it('runs a regular expression in a worker, with the same ranges', async () => {
    const matcher = createMatcher({ query: 'a.b', regex: true, caseSensitive: true });
    try {
      expect(await matcher.match(lines)).toEqual([{ index: 3, ranges: [[0, 3], [8, 11]] }]);
      expect(await matcher.match(['ERROR e'])).toEqual([]);
    } finally {
      matcher.dispose();
    }
  });

  it('stops a catastrophically backtracking pattern at its budget with a clear error', async () => {
    const worker = new RegexWorker('(a+)+$', 'gi', 20, 300);
    try {
      const started = Date.now();
      const error = await worker.match([`${'a'.repeat(40)}!`]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as Error).message).toMatch(/took more than 300 ms .*catastrophic backtracking/);
      // The worker was stopped mid-match: later blocks fail at once instead of queueing behind it.
      expect(Date.now() - started).toBeLessThan(30_000);
      await expect(worker.match(['aaa'])).rejects.toBe(error);
    } finally {
      worker.dispose();
    }
  });
});
