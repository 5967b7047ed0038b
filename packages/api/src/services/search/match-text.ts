// A matching line as it goes out: bounded, with its ranges moved to fit.
import type { MatchRange } from './find-ranges.ts';

/** Longest `text` of a match; a longer line is cut to a window around its first match. */
export const MAX_MATCH_TEXT = 400;
/** Characters kept before the first match when a line is cut. */
const LEAD = 80;

export function boundedText(
  line: string,
  ranges: readonly MatchRange[],
): { text: string; ranges: MatchRange[] } {
  if (line.length <= MAX_MATCH_TEXT) return { text: line, ranges: [...ranges] };
  const firstStart = ranges[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(firstStart - LEAD, line.length - MAX_MATCH_TEXT));
  const end = start + MAX_MATCH_TEXT;
  const moved = ranges
    .filter(([s, e]) => e > start && s < end)
    .map(([s, e]): MatchRange => [Math.max(s, start) - start, Math.min(e, end) - start]);
  return { text: line.slice(start, end), ranges: moved };
}
