import { expandFromRawCode } from 'react-diff-view';
import { describe, expect, it } from 'vitest';
import { collapsedRegions, lineOnSide, oldSourceOf, parsePatch } from './hunks';
import { NUMBERS_PATCH } from './test-patches';

const ADDED_PATCH = `diff --git a/new.txt b/new.txt
new file mode 100644
index 0000000..587be6b
--- /dev/null
+++ b/new.txt
@@ -0,0 +1 @@
+x
`;

/** The same change with the whole file as context (`git diff -U100000`). */
function fullContextPatch(): string {
  const lines = Array.from({ length: 40 }, (_, i) => i + 1).map((n) =>
    n === 5 ? '-5\n+five' : n === 30 ? '-30\n+thirty' : ` ${n}`,
  );
  return `diff --git a/nums.txt b/nums.txt
index 1c99002..a05badf 100644
--- a/nums.txt
+++ b/nums.txt
@@ -1,40 +1,41 @@
${lines.join('\n')}
+41
`;
}

describe('parsePatch', () => {
  it("reads git's patch of one file: hunks, line numbers and the kind of change", () => {
    const file = parsePatch(NUMBERS_PATCH, 'unified')!;
    expect(file.type).toBe('modify');
    expect(file.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [2, 7, 2, 7],
      [27, 7, 27, 7],
      [38, 3, 38, 4],
    ]);
    expect(parsePatch(ADDED_PATCH, 'split')!.type).toBe('add');
  });

  it('pairs each deleted line with its replacement in split view only', () => {
    // Lines 5 and 6 rewritten: git lists both deletions, then both insertions.
    const patch = NUMBERS_PATCH.replace('-5\n+five\n 6\n', '-5\n-6\n+five\n+six\n');
    const kinds = (view: 'split' | 'unified') =>
      parsePatch(patch, view)!
        .hunks[0]!.changes.map((c) => c.type[0])
        .join('');
    expect(kinds('unified')).toBe('nnnddiinn');
    expect(kinds('split')).toBe('nnndidinn');
  });
});

describe('oldSourceOf and collapsedRegions', () => {
  it('rebuilds the old file from a whole-file patch', () => {
    const source = oldSourceOf(parsePatch(fullContextPatch(), 'unified')!.hunks);
    expect(source).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1)));
  });

  it('finds the folded lines before, between and after the hunks', () => {
    const { hunks } = parsePatch(NUMBERS_PATCH, 'unified')!;
    // Before the first hunk: line 1; between: 9…26 and 34…37; after: unknown until the source is.
    expect(collapsedRegions(hunks, null)).toEqual([
      { beforeHunk: 0, start: 1, end: 2, lines: 1 },
      { beforeHunk: 1, start: 9, end: 27, lines: 18 },
      { beforeHunk: 2, start: 34, end: 38, lines: 4 },
      { beforeHunk: 3, start: 41, end: Infinity, lines: null },
    ]);
    // The old file ends at line 40, inside the last hunk: nothing after it.
    expect(collapsedRegions(hunks, 40).map((r) => r.beforeHunk)).toEqual([0, 1, 2]);
    expect(collapsedRegions(parsePatch(ADDED_PATCH, 'unified')!.hunks, null)).toEqual([]);
  });

  it('unfolds a region with react-diff-view from the rebuilt source', () => {
    const { hunks } = parsePatch(NUMBERS_PATCH, 'unified')!;
    const source = oldSourceOf(parsePatch(fullContextPatch(), 'unified')!.hunks);
    const expanded = expandFromRawCode(hunks, source, 9, 27);
    expect(expanded).toHaveLength(2);
    expect(collapsedRegions(expanded, source.length).map((r) => [r.start, r.end])).toEqual([
      [1, 2],
      [34, 38],
    ]);
    const lines = expanded[0]!.changes.map((c) => lineOnSide(c, 'new'));
    expect(lines).toContain(20);
  });
});
