// Finding a query in lines of text: where it matches on each line, as [start, end) ranges.
import { searchRegExpFlags } from '../../schemas/search.ts';
import { findRanges, type MatchRange } from './find-ranges.ts';
import { RegexWorker } from './regex-worker.ts';

export { findRanges, type MatchRange };

/** Ranges reported per line; a line with more matches is still one result. */
export const MAX_RANGES_PER_LINE = 20;

/** A matching line of a block: its index in the block and where the query is on it. */
export interface LineHit {
  index: number;
  ranges: MatchRange[];
}

/** Finds the query in blocks of lines; `dispose` frees what it holds (a worker). */
export interface BlockMatcher {
  match(lines: readonly string[]): Promise<LineHit[]>;
  dispose(): void;
}

/** Every occurrence of `needle` in `line` (exact, non-overlapping), at most `max`. */
export function findLiteral(needle: string, line: string, max: number): MatchRange[] {
  const out: MatchRange[] = [];
  for (let at = line.indexOf(needle); at >= 0 && out.length < max; at = line.indexOf(needle, at + needle.length)) {
    out.push([at, at + needle.length]);
  }
  return out;
}

/** `text` as a RegExp source that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Runs `find` over each line of a block, in this thread. */
class InlineMatcher implements BlockMatcher {
  constructor(private readonly find: (line: string) => MatchRange[]) {}

  match(lines: readonly string[]): Promise<LineHit[]> {
    const hits: LineHit[] = [];
    for (let index = 0; index < lines.length; index++) {
      const ranges = this.find(lines[index] ?? '');
      if (ranges.length > 0) hits.push({ index, ranges });
    }
    return Promise.resolve(hits);
  }

  dispose(): void {}
}

/**
 * The matcher for a query. A literal query runs here: `indexOf`, or (ignoring case) a RegExp of
 * the escaped text, which has no quantifier and so cannot backtrack. A regular expression runs
 * in a worker thread with a time budget per block (see RegexWorker): irregexp backtracks, and a
 * pattern like `(a+)+$` would otherwise hold the daemon's thread for minutes on one line.
 */
export function createMatcher(query: { query: string; regex: boolean; caseSensitive: boolean }): BlockMatcher {
  const flags = searchRegExpFlags(query.caseSensitive);
  if (query.regex) return new RegexWorker(query.query, flags, MAX_RANGES_PER_LINE);
  if (query.caseSensitive) return new InlineMatcher((line) => findLiteral(query.query, line, MAX_RANGES_PER_LINE));
  const re = new RegExp(escapeRegExp(query.query), flags);
  return new InlineMatcher((line) => findRanges(re, line, MAX_RANGES_PER_LINE));
}
