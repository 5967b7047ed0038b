import { getChangeKey } from 'react-diff-view';
import { describe, expect, it } from 'vitest';
import { parsePatch } from './hunks';
import { NUMBERS_PATCH } from './test-patches';
import { anchorKey, changeKeysIn, describeRange, selectLine, commentSide } from './selection';

describe('selectLine', () => {
  it('selects the clicked line, and extends from the first click with shift', () => {
    const one = selectLine(null, { file: 'a.ts', side: 'new', line: 7, extend: false });
    expect(one).toEqual({ file: 'a.ts', side: 'new', startLine: 7, endLine: 7 });
    const down = selectLine(one, { file: 'a.ts', side: 'new', line: 10, extend: true });
    expect(down).toEqual({ file: 'a.ts', side: 'new', startLine: 7, endLine: 10 });
    const up = selectLine(one, { file: 'a.ts', side: 'new', line: 3, extend: true });
    expect(up).toEqual({ file: 'a.ts', side: 'new', startLine: 3, endLine: 7 });
  });

  it('starts afresh on another file or side, or without shift', () => {
    const one = { file: 'a.ts', side: 'new' as const, startLine: 2, endLine: 4 };
    expect(selectLine(one, { file: 'b.ts', side: 'new', line: 9, extend: true }).startLine).toBe(9);
    expect(selectLine(one, { file: 'a.ts', side: 'old', line: 9, extend: true }).startLine).toBe(9);
    expect(selectLine(one, { file: 'a.ts', side: 'new', line: 9, extend: false }).startLine).toBe(
      9,
    );
  });
});

describe('the changes of a range', () => {
  const { hunks } = parsePatch(NUMBERS_PATCH, 'unified')!;
  const change = (key: string) =>
    hunks.flatMap((h) => h.changes).find((c) => getChangeKey(c) === key)!;

  it('comments on deleted lines in the old file and on the others in the new', () => {
    expect(commentSide(change('I5'))).toBe('new');
    expect(commentSide(change('D5'))).toBe('old');
    expect(commentSide(change('N4'))).toBe('new');
  });

  it('covers new-side lines without deletions, and old-side lines without insertions', () => {
    const range = { file: 'nums.txt', startLine: 4, endLine: 6 };
    expect(changeKeysIn(hunks, { ...range, side: 'new' })).toEqual(['N4', 'I5', 'N6']);
    expect(changeKeysIn(hunks, { ...range, side: 'old' })).toEqual(['N4', 'D5', 'N6']);
    expect(anchorKey(hunks, { ...range, side: 'new' })).toBe('N6');
    // Lines 12…20 are folded away: no line of the range is shown.
    expect(anchorKey(hunks, { ...range, side: 'new', startLine: 12, endLine: 20 })).toBeNull();
  });

  it('describes a range in words', () => {
    expect(describeRange({ file: 'a.ts', side: 'new', startLine: 3, endLine: 3 })).toBe(
      'a.ts line 3',
    );
    expect(describeRange({ file: 'a.ts', side: 'old', startLine: 3, endLine: 5 })).toBe(
      'a.ts lines 3–5 (old)',
    );
  });
});
