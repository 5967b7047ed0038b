// Finding a query in blocks of text (lines joined by "\n"): which lines match, and where.
import { searchRegExpFlags } from '../../schemas/search.ts';
import { findRanges, type MatchRange } from './find-ranges.ts';
import { RegexWorker } from './regex-worker.ts';

export { findRanges, type MatchRange };

/** Ranges reported per line; a line with more matches is still one result. */
export const MAX_RANGES_PER_LINE = 20;

/** A matching line of a block: its index in the block, its text, and where the query is on it. */
export interface LineHit {
  index: number;
  text: string;
  ranges: MatchRange[];
}

/** Finds the query in blocks; `dispose` frees what it holds (a worker). */
export interface BlockMatcher {
  /** `text`: whole lines joined by "\n". */
  match(text: string): Promise<LineHit[]>;
  dispose(): void;
}

/** Every occurrence of `needle` in `line` (exact, non-overlapping), at most `max`. */
export function findLiteral(needle: string, line: string, max: number): MatchRange[] {
  const out: MatchRange[] = [];
  for (
    let at = line.indexOf(needle);
    at >= 0 && out.length < max;
    at = line.indexOf(needle, at + needle.length)
  ) {
    out.push([at, at + needle.length]);
  }
  return out;
}

/** `text` as a RegExp source that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * The lines of `text` that hold a match, found by jumping from occurrence to occurrence over
 * the whole block (`next(from)`: the position of the next occurrence, or -1) and cutting out
 * only the lines that have one; `rangesOf` then says where on the line. Only for queries that
 * cannot span a newline (a literal is one line): a block is searched as one string, and the
 * lines without a match are never made into strings of their own.
 */
export function scanBlock(
  text: string,
  next: (from: number) => number,
  rangesOf: (line: string) => MatchRange[],
): LineHit[] {
  const hits: LineHit[] = [];
  let index = 0;
  let lineStart = 0;
  for (let at = next(0); at >= 0; at = next(lineStart)) {
    for (
      let nl = text.indexOf('\n', lineStart);
      nl >= 0 && nl < at;
      nl = text.indexOf('\n', lineStart)
    ) {
      index += 1;
      lineStart = nl + 1;
    }
    const nl = text.indexOf('\n', at);
    const line = text.slice(lineStart, nl < 0 ? text.length : nl);
    const ranges = rangesOf(line);
    if (ranges.length > 0) hits.push({ index, text: line, ranges });
    if (nl < 0) break;
    index += 1;
    lineStart = nl + 1;
  }
  return hits;
}

/** A literal query, matched in this thread. */
class LiteralMatcher implements BlockMatcher {
  private readonly next: (text: string, from: number) => number;
  private readonly rangesOf: (line: string) => MatchRange[];

  constructor(query: string, caseSensitive: boolean) {
    if (caseSensitive) {
      this.next = (text, from) => text.indexOf(query, from);
      this.rangesOf = (line) => findLiteral(query, line, MAX_RANGES_PER_LINE);
    } else {
      // The escaped text has no quantifier, so this RegExp cannot backtrack; `i` folds case
      // the way the find bar (xterm's search addon) does.
      const re = new RegExp(escapeRegExp(query), searchRegExpFlags(false));
      this.next = (text, from) => {
        re.lastIndex = from;
        return re.exec(text)?.index ?? -1;
      };
      this.rangesOf = (line) => findRanges(re, line, MAX_RANGES_PER_LINE);
    }
  }

  match(text: string): Promise<LineHit[]> {
    return Promise.resolve(scanBlock(text, (from) => this.next(text, from), this.rangesOf));
  }

  dispose(): void {}
}

/**
 * The matcher for a query. A literal query runs here (see LiteralMatcher). A regular expression
 * runs in a worker thread with a time budget per block (see RegexWorker): irregexp backtracks,
 * and a pattern like `(a+)+$` would otherwise hold the daemon's thread for minutes on one line.
 */
export function createMatcher(query: {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
}): BlockMatcher {
  if (query.regex)
    return new RegexWorker(
      query.query,
      searchRegExpFlags(query.caseSensitive),
      MAX_RANGES_PER_LINE,
    );
  return new LiteralMatcher(query.query, query.caseSensitive);
}
