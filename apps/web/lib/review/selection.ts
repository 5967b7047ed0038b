import { getChangeKey, isDelete, type ChangeData, type HunkData } from 'react-diff-view';
import { lineOnSide } from './hunks';

export type Side = 'old' | 'new';

/** Lines of one side of one file that a comment is about (1-based, inclusive). */
export interface LineRange {
  file: string;
  side: Side;
  startLine: number;
  endLine: number;
}

/**
 * The side a line is commented on: a deleted line exists only in the old file; an added or
 * unchanged line is named by its number in the new file, the one the agent edits.
 */
export function commentSide(change: ChangeData): Side {
  return isDelete(change) ? 'old' : 'new';
}

/**
 * The selection after a click on a line number: a plain click selects that line, a
 * shift-click extends the selection to it when it is in the same file and on the same side
 * (otherwise it starts afresh there).
 */
export function selectLine(
  current: LineRange | null,
  click: { file: string; side: Side; line: number; extend: boolean },
): LineRange {
  const { file, side, line } = click;
  if (click.extend && current && current.file === file && current.side === side) {
    // Extend from the end the user did not just click on: the first click is the anchor.
    const anchor = line >= current.startLine ? current.startLine : current.endLine;
    return { file, side, startLine: Math.min(anchor, line), endLine: Math.max(anchor, line) };
  }
  return { file, side, startLine: line, endLine: line };
}

/** react-diff-view's keys of the changes a range covers (for `selectedChanges`). */
export function changeKeysIn(hunks: readonly HunkData[], range: LineRange): string[] {
  const keys: string[] = [];
  for (const hunk of hunks)
    for (const change of hunk.changes) {
      const line = lineOnSide(change, range.side);
      if (line !== null && line >= range.startLine && line <= range.endLine)
        keys.push(getChangeKey(change));
    }
  return keys;
}

/**
 * The change under which a range's comment box is shown: its last line, or (when that line is
 * folded away) the last shown line inside the range; null when none of it is shown.
 */
export function anchorKey(hunks: readonly HunkData[], range: LineRange): string | null {
  const keys = changeKeysIn(hunks, range);
  return keys[keys.length - 1] ?? null;
}

/** "app.ts line 3" / "app.ts lines 3–5", and "(old)" for the old file's lines. */
export function describeRange(range: LineRange): string {
  const lines =
    range.startLine === range.endLine
      ? `line ${range.startLine}`
      : `lines ${range.startLine}–${range.endLine}`;
  return `${range.file} ${lines}${range.side === 'old' ? ' (old)' : ''}`;
}
