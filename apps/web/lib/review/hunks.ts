import {
  computeNewLineNumber,
  computeOldLineNumber,
  expandFromRawCode,
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
 * Old-side lines a wider patch of the same file shows (`contextLines` up to the API's cap):
 * line number → text, for its unchanged and deleted lines. The API gives no whole file, so this
 * is the source collapsed lines are unfolded from; lines further from any change than the cap
 * stay unknown.
 */
export type KnownLines = ReadonlyMap<number, string>;

export function knownOldLines(hunks: readonly HunkData[]): KnownLines {
  const known = new Map<number, string>();
  for (const hunk of hunks)
    for (const change of hunk.changes) {
      const line = lineOnSide(change, 'old');
      if (line !== null) known.set(line, change.content);
    }
  return known;
}

/** A run of unchanged lines that the patch leaves out, in old-side line numbers (end exclusive). */
export interface CollapsedRegion {
  /** Where it sits: before hunk `beforeHunk` (hunks.length: after the last one). */
  beforeHunk: number;
  start: number;
  end: number;
  /** How many lines; null after the last hunk until the wider patch says where the file ends. */
  lines: number | null;
  /** Some of its lines can be shown: not fetched yet, or the wider patch has some of them. */
  expandable: boolean;
}

/**
 * The collapsed regions of a file: before the first hunk, between hunks, and after the last.
 * With `known` (the wider patch's lines), a region with none of its lines known is too far from
 * any change to show, and the region after the last hunk is as long as the known lines there
 * (the wider patch shows lines up to the end of the file or the cap, whichever comes first).
 * An added or deleted file has none.
 */
export function collapsedRegions(
  hunks: readonly HunkData[],
  known: KnownLines | null,
): CollapsedRegion[] {
  const regions: CollapsedRegion[] = [];
  const first = hunks[0];
  // An added file has no old lines (`@@ -0,0 +1,n @@`), a deleted one no new lines: nothing folded.
  if (!first || first.oldStart === 0 || first.newStart === 0) return regions;
  const anyKnown = (start: number, end: number) => {
    if (!known) return true;
    for (let line = start; line < end; line += 1) if (known.has(line)) return true;
    return false;
  };
  hunks.forEach((hunk, index) => {
    const previous = hunks[index - 1] ?? null;
    const lines = getCollapsedLinesCountBetween(previous, hunk);
    if (lines > 0) {
      const start = previous ? previous.oldStart + previous.oldLines : 1;
      const end = hunk.oldStart;
      regions.push({ beforeHunk: index, start, end, lines, expandable: anyKnown(start, end) });
    }
  });
  const last = hunks[hunks.length - 1]!;
  const tailStart = last.oldStart + last.oldLines;
  if (!known) {
    regions.push({
      beforeHunk: hunks.length,
      start: tailStart,
      end: Infinity,
      lines: null,
      expandable: true,
    });
  } else {
    let end = tailStart;
    while (known.has(end)) end += 1;
    if (end > tailStart)
      regions.push({
        beforeHunk: hunks.length,
        start: tailStart,
        end,
        lines: end - tailStart,
        expandable: true,
      });
  }
  return regions;
}

/**
 * Unfolds the known lines of a collapsed region (react-diff-view's `expandFromRawCode`, run by
 * run: lines too far from any change stay folded).
 */
export function expandRegion(
  hunks: HunkData[],
  known: KnownLines,
  start: number,
  end: number,
): HunkData[] {
  let result = hunks;
  let line = start;
  // After the last hunk `end` may be open (Infinity): stop after the last known line.
  const stop = Math.min(end, Math.max(0, ...known.keys()) + 1);
  while (line < stop) {
    if (!known.has(line)) {
      line += 1;
      continue;
    }
    const runStart = line;
    const source: string[] = [];
    while (line < stop && known.has(line)) {
      source[line - 1] = known.get(line)!;
      line += 1;
    }
    result = expandFromRawCode(result, source, runStart, line);
  }
  return result;
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
