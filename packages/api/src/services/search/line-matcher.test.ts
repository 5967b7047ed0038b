import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.ts';
import { createMatcher, escapeRegExp, findLiteral, findRanges, scanBlock } from './line-matcher.ts';
import { RegexWorker } from './regex-worker.ts';

describe('findLiteral and findRanges', () => {
  it('report every non-overlapping occurrence as [start, end)', () => {
    expect(findLiteral('ab', 'xxabyyabab', 10)).toEqual([
      [2, 4],
      [6, 8],
      [8, 10],
    ]);
    expect(findLiteral('aa', 'aaaa', 10)).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(findRanges(/b+/g, 'abbcb', 10)).toEqual([
      [1, 3],
      [4, 5],
    ]);
  });

  it('step over empty matches instead of looping on them', () => {
    expect(findRanges(/x*/g, 'axxbx', 10)).toEqual([
      [1, 3],
      [4, 5],
    ]);
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

describe('scanBlock', () => {
  it('reports each matching line once with its index in the block, skipping lines without a match', () => {
    const text = 'x\nab ab\n\nnone\nlast ab';
    const hits = scanBlock(
      text,
      (from) => text.indexOf('ab', from),
      (line) => findLiteral('ab', line, 10),
    );
    expect(hits).toEqual([
      {
        index: 1,
        text: 'ab ab',
        ranges: [
          [0, 2],
          [3, 5],
        ],
      },
      { index: 4, text: 'last ab', ranges: [[5, 7]] },
    ]);
  });

  it('drops a candidate whose line has no match of its own', () => {
    const text = 'a\nb';
    expect(
      scanBlock(
        text,
        (from) => (from === 0 ? 0 : -1),
        () => [],
      ),
    ).toEqual([]);
  });
});

describe('createMatcher', () => {
  const lines = ['Error: disk full', 'all good', 'error again, ERROR', 'a.b and axb'];
  const block = lines.join('\n');

  it('finds a literal, ignoring case unless asked not to', async () => {
    const insensitive = createMatcher({ query: 'error', regex: false, caseSensitive: false });
    expect(await insensitive.match(block)).toEqual([
      { index: 0, text: 'Error: disk full', ranges: [[0, 5]] },
      {
        index: 2,
        text: 'error again, ERROR',
        ranges: [
          [0, 5],
          [13, 18],
        ],
      },
    ]);
    const sensitive = createMatcher({ query: 'error', regex: false, caseSensitive: true });
    expect(await sensitive.match(block)).toEqual([
      { index: 2, text: 'error again, ERROR', ranges: [[0, 5]] },
    ]);
  });

  it('reads a literal query literally (no RegExp meaning)', async () => {
    const matcher = createMatcher({ query: 'a.b', regex: false, caseSensitive: false });
    expect(await matcher.match(block)).toEqual([
      { index: 3, text: 'a.b and axb', ranges: [[0, 3]] },
    ]);
  });

  it('runs a regular expression in a worker, with the same ranges', async () => {
    const matcher = createMatcher({ query: 'a.b', regex: true, caseSensitive: true });
    try {
      expect(await matcher.match(block)).toEqual([
        {
          index: 3,
          text: 'a.b and axb',
          ranges: [
            [0, 3],
            [8, 11],
          ],
        },
      ]);
      expect(await matcher.match('ERROR e')).toEqual([]);
      // Line by line: `$` is the end of each line, and nothing matches across a newline.
      const anchored = createMatcher({ query: 'b$', regex: true, caseSensitive: false });
      expect((await anchored.match('ab\nb c\nb')).map((h) => h.index)).toEqual([0, 2]);
      anchored.dispose();
      const across = createMatcher({ query: 'a\\sb', regex: true, caseSensitive: false });
      expect(await across.match('a\nb')).toEqual([]);
      across.dispose();
    } finally {
      matcher.dispose();
    }
  });

  it('stops a catastrophically backtracking pattern at its budget with a clear error', async () => {
    const worker = new RegexWorker('(a+)+$', 'gi', 20, 300);
    try {
      const started = Date.now();
      const error = await worker.match(`ok\n${'a'.repeat(40)}!`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as Error).message).toMatch(/took more than 300 ms .*catastrophic backtracking/);
      // The worker was stopped mid-match: later blocks fail at once instead of queueing behind it.
      expect(Date.now() - started).toBeLessThan(30_000);
      await expect(worker.match('aaa')).rejects.toBe(error);
    } finally {
      worker.dispose();
    }
  });
});
