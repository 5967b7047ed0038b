import {
  computeNewLineNumber,
  computeOldLineNumber,
  getCollapsedLinesCountBetween,
  isDelete,
  isInsert,
  parseDiff,
  type FileData,
  type HunkData,
} from 'react-diff-view';

export type ViewType = 'split' | 'unified';

/**
 * One file's patch (git's unified diff, header included) parsed for the view. Split view zips
 * neighbouring deletions and insertions into pairs so an edited line sits beside its old self;
 * unified view keeps git's order (all deletions, then all insertions).
 */
export function parsePatch(patch: string, view: ViewType): FileData | null {
  const [file] = parseDiff(patch, view === 'split' ? { nearbySequences: 'zip' } : {});
  return file ?? null;
}

/**
 * The old side of a file from a patch made with the whole file as context (`contextLines` at
 * least the file's length): its unchanged and deleted lines, in order. This is the source that
 * react-diff-view's `expandFromRawCode` unfolds collapsed lines from.
 */
export function oldSourceOf(hunks: readonly HunkData[]): string[] {
  const lines: string[] = [];
  for (const hunk of hunks)
    for (const change of hunk.changes) if (!isInsert(change)) lines.push(change.content);
  return lines;
}

/** A run of unchanged lines that the patch leaves out, in old-side line numbers (end exclusive). */
export interface CollapsedRegion {
  /** Where it sits: before hunk `beforeHunk` (hunks.length: after the last one). */
  beforeHunk: number;
  start: number;
  end: number;
  /** null after the last hunk when the file's length is not known yet. */
  lines: number | null;
}

/**
 * The collapsed regions of a file: before the first hunk, between hunks, and after the last
 * (only known once the old source is, `oldLength`). An added or deleted file has none.
 */
export function collapsedRegions(
  hunks: readonly HunkData[],
  oldLength: number | null,
): CollapsedRegion[] {
  const regions: CollapsedRegion[] = [];
  const first = hunks[0];
  // An added file has no old lines (`@@ -0,0 +1,n @@`), a deleted one no new lines: nothing folded.
  if (!first || first.oldStart === 0 || first.newStart === 0) return regions;
  hunks.forEach((hunk, index) => {
    const previous = hunks[index - 1] ?? null;
    const lines = getCollapsedLinesCountBetween(previous, hunk);
    if (lines > 0) {
      const start = previous ? previous.oldStart + previous.oldLines : 1;
      regions.push({ beforeHunk: index, start, end: hunk.oldStart, lines });
    }
  });
  const last = hunks[hunks.length - 1]!;
  const tailStart = last.oldStart + last.oldLines;
  if (oldLength === null)
    regions.push({ beforeHunk: hunks.length, start: tailStart, end: Infinity, lines: null });
  else if (oldLength >= tailStart)
    regions.push({
      beforeHunk: hunks.length,
      start: tailStart,
      end: oldLength + 1,
      lines: oldLength - tailStart + 1,
    });
  return regions;
}

/** The line number a change has on one side, or null when it is not on that side. */
export function lineOnSide(
  change: Parameters<typeof computeOldLineNumber>[0],
  side: 'old' | 'new',
): number | null {
  if (side === 'old' ? isInsert(change) : isDelete(change)) return null;
  const line = side === 'old' ? computeOldLineNumber(change) : computeNewLineNumber(change);
  return line > 0 ? line : null;
}
