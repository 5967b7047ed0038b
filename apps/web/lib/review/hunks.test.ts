import { describe, expect, it } from 'vitest';
import { collapsedRegions, expandRegion, knownOldLines, lineOnSide, parsePatch } from './hunks';
import { NUMBERS_PATCH, SIXTY_PATCH, SIXTY_PATCH_U10 } from './test-patches';

const ADDED_PATCH = `diff --git a/new.txt b/new.txt
new file mode 100644
index 0000000..587be6b
--- /dev/null
+++ b/new.txt
@@ -0,0 +1 @@
+x
`;

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

describe('collapsedRegions and expandRegion', () => {
  it('finds the folded lines before, between and after the hunks', () => {
    const { hunks } = parsePatch(NUMBERS_PATCH, 'unified')!;
    // Before the first hunk: line 1; between: 9…26 and 34…37; after: unknown until fetched.
    expect(
      collapsedRegions(hunks, null).map(({ start, end, lines }) => [start, end, lines]),
    ).toEqual([
      [1, 2, 1],
      [9, 27, 18],
      [34, 38, 4],
      [41, Infinity, null],
    ]);
    expect(collapsedRegions(parsePatch(ADDED_PATCH, 'unified')!.hunks, null)).toEqual([]);
  });

  it('knows from the wider patch which lines it can unfold and where the file ends', () => {
    const { hunks } = parsePatch(SIXTY_PATCH, 'unified')!;
    const known = knownOldLines(parsePatch(SIXTY_PATCH_U10, 'unified')!.hunks);
    expect(known.get(1)).toBe('1');
    expect(known.has(16)).toBe(false);
    expect(
      collapsedRegions(hunks, known).map(({ start, end, lines, expandable }) => [
        start,
        end,
        lines,
        expandable,
      ]),
    ).toEqual([
      [1, 2, 1, true],
      [9, 47, 38, true],
      // The file ends at line 60: 54…60 after the last hunk.
      [54, 61, 7, true],
    ]);
  });

  it('unfolds the known lines of a region and leaves those too far from a change folded', () => {
    const { hunks } = parsePatch(SIXTY_PATCH, 'unified')!;
    const known = knownOldLines(parsePatch(SIXTY_PATCH_U10, 'unified')!.hunks);
    const expanded = expandRegion(hunks, known, 9, 47);
    const shown = expanded.flatMap((h) => h.changes.map((c) => lineOnSide(c, 'old')));
    expect(shown).toContain(15);
    expect(shown).toContain(40);
    expect(shown).not.toContain(16);
    const left = collapsedRegions(expanded, known).filter((r) => r.start > 1 && r.start < 54);
    expect(left.map(({ start, end, expandable }) => [start, end, expandable])).toEqual([
      [16, 40, false],
    ]);
    // The tail is unfolded to the end of the file: nothing is left after it.
    const whole = expandRegion(expanded, known, 54, Infinity);
    expect(collapsedRegions(whole, known).some((r) => r.start === 54)).toBe(false);
  });
});
