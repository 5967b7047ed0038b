import type { SearchMatch } from '../api/types.ts';

/** How grep highlights a match (bold red), and the reset after it. */
const HIGHLIGHT = '\x1b[1;31m';
const RESET = '\x1b[0m';

/**
 * One match as `session-name:line: text` (grep's `file:line: text`), a recording's as
 * `session-name (recording):line: text`; the matched parts highlighted when `color`. Control
 * characters in the text are shown as `?`, one for one, so they cannot drive the terminal and
 * the ranges still line up.
 */
export function formatSearchLine(
  match: Pick<SearchMatch, 'sessionName' | 'source' | 'line' | 'text' | 'ranges'>,
  color: boolean,
): string {
  // eslint-disable-next-line no-control-regex
  const text = match.text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  const where = `${match.sessionName}${match.source === 'recording' ? ' (recording)' : ''}:${match.line}:`;
  if (!color) return `${where} ${text}`;
  let out = '';
  let at = 0;
  for (const [start, end] of [...match.ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start) continue;
    out += `${text.slice(at, start)}${HIGHLIGHT}${text.slice(start, end)}${RESET}`;
    at = end;
  }
  return `\x1b[35m${where}${RESET} ${out}${text.slice(at)}`;
}
