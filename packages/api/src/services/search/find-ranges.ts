/** Where a match is on a line: [start, end) in UTF-16 code units (JavaScript string indices). */
export type MatchRange = [start: number, end: number];

/**
 * The non-empty matches of a global RegExp on one line, at most `max`. Self-contained (no
 * outside names): regex-worker.ts runs this very function in its worker, from its source.
 */
export function findRanges(re: RegExp, line: string, max: number): MatchRange[] {
  const out: MatchRange[] = [];
  re.lastIndex = 0;
  while (out.length < max) {
    const m = re.exec(line);
    if (!m) break;
    const end = m.index + m[0].length;
    if (end === m.index) {
      // An empty match (`a*` before a `b`): step over it, or exec would find it forever.
      re.lastIndex = m.index + 1;
      if (re.lastIndex > line.length) break;
      continue;
    }
    out.push([m.index, end]);
    re.lastIndex = end;
  }
  return out;
}
