// Questions on a screen: which one is being asked, which line to quote, and whether the user has
// already answered it (the cursor moved on, an answer was typed after it, output followed).
// Used by screen-heuristics.ts; the screens that prove it are in screen-heuristics.test.ts.

/**
 * A plain question with the cursor right after it (`Continue? `, `Overwrite notes.txt? `): a
 * program reading an answer. Not when the text before it holds a shell prompt (`$ ls foo? `:
 * someone typing a command).
 */
export const PLAIN_QUESTION = /\S\s*\?\s$/;
const SHELL_COMMAND_LINE = /^[^?]*[$#%❯➜»]\s/;

/** `text` (what precedes the cursor) ends in a plain question being asked. */
export function isPlainQuestion(text: string): boolean {
  return PLAIN_QUESTION.test(text) && !SHELL_COMMAND_LINE.test(text);
}

/** `(y/n)`, `[Y/n]`, `yes/no`: where a question line ends, before the typed answer. */
const YES_NO = /[[(]\s*y(?:es)?\s*\/\s*n(?:o)?\s*[\])]|\byes\/no\b/gi;

/** A choice in an agent's menu: `❯ 1. Yes`, `2. No`, `› Yes (y)`, `○ Always (a)`. */
export const OPTION_LINES: readonly RegExp[] = [
  /^(?:[❯>›▸▶●○◉◯•*→]\s*)?(?:\d+[.)]|\[[a-z0-9]\]|\([a-z0-9]\))\s+\S/i,
  /^[❯>›▸▶●○◉◯•→]\s+\S/,
  /\([a-z0-9]\)$/i,
  /^(?:yes|no)\b/i,
];

/**
 * Lines an agent draws below its question while it waits (options, a box around them, key
 * hints): a question followed only by these is still being asked. Box sides are removed first.
 */
export const MENU_LINES: readonly RegExp[] = [
  /^$/,
  /^[─━═╌┄┈\-+╭╮╰╯┌┐└┘╔╗╚╝]+$/,
  ...OPTION_LINES,
  /\b(?:esc|enter|tab|ctrl\+\w+|arrow keys?|to select|to confirm|to cancel|to navigate)\b|[↑↓]/i,
];
const BOX_SIDES = /^[\s│┃║|]+|[\s│┃║|]+$/g;

/** The question as a notification quotes it: one line, box sides removed, bounded. */
export function quoteQuestion(line: string): string {
  return line.replace(BOX_SIDES, '').trim().slice(0, MAX_QUESTION_LENGTH);
}

/** Longest question line passed on with a status change. */
export const MAX_QUESTION_LENGTH = 200;
/** How far above a matched option line the question itself is looked for. */
const QUESTION_LOOKBACK_LINES = 6;

/**
 * The question to quote for a marker at `index`: a menu's marker may be its first option
 * (`❯ 1. Yes`), so the nearest line above it that asks something is preferred.
 */
export function questionLine(lines: readonly string[], index: number): string {
  for (let i = index; i >= 0 && i > index - QUESTION_LOOKBACK_LINES; i -= 1) {
    const line = (lines[i] ?? '').replace(BOX_SIDES, '');
    if (line.includes('?')) return line;
  }
  return lines[index] ?? '';
}

/**
 * Has the user answered the question at `index`? Only when the cursor has moved below it (a
 * program reading an answer keeps the cursor on the question line, an agent's menu keeps it
 * below its options) and then: an answer follows the question on its line, or Enter was pressed
 * on a question that is the last line, or something other than a menu was printed after it.
 */
export function questionAnswered(
  lines: readonly string[],
  index: number,
  lastNonBlank: number,
  cursorY: number | null,
): boolean {
  if (cursorY === null || cursorY <= index) return false;
  if (answerTyped(lines[index] ?? '')) return true;
  if (index === lastNonBlank) return true;
  for (let i = index + 1; i <= lastNonBlank; i += 1) {
    const line = (lines[i] ?? '').replace(BOX_SIDES, '');
    if (!MENU_LINES.some((re) => re.test(line))) return true;
  }
  return false;
}

/**
 * A question any agent may ask in its own words, recognised by its shape: a line ending in `?`
 * followed only by a menu with at least one option (`Allow command?` then `› Yes (y)` ...).
 */
export function menuQuestion(
  lines: readonly string[],
  lastNonBlank: number,
  scanLines: number,
): number {
  let sawOption = false;
  for (let i = lastNonBlank; i >= 0 && i > lastNonBlank - scanLines; i -= 1) {
    const line = (lines[i] ?? '').replace(BOX_SIDES, '');
    if (line.endsWith('?')) return sawOption ? i : -1;
    if (!MENU_LINES.some((re) => re.test(line))) return -1;
    if (OPTION_LINES.some((re) => re.test(line))) sawOption = true;
  }
  return -1;
}

/** `Continue?` as the last line and the cursor below it: the user pressed Enter on it. */
export function enterAfterPlainQuestion(
  lines: readonly string[],
  lastNonBlank: number,
  cursorY: number | null,
): boolean {
  const line = lines[lastNonBlank] ?? '';
  return (
    cursorY !== null &&
    cursorY > lastNonBlank &&
    line.endsWith('?') &&
    !SHELL_COMMAND_LINE.test(line)
  );
}

/** Text after the line's last `?` or `(y/n)`: what the user typed (`Apply? (y/n) y`). */
function answerTyped(line: string): boolean {
  let end = line.lastIndexOf('?') + 1;
  for (const match of line.matchAll(YES_NO)) end = Math.max(end, match.index + match[0].length);
  if (end === 0) return false;
  return (
    line
      .slice(end)
      .replace(BOX_SIDES, '')
      .replace(/^[\s:]+/, '') !== ''
  );
}
