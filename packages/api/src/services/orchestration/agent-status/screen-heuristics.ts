// Screen heuristics: the fallback source of agent status when no hook has reported recently.
// Every pattern lives here, next to the rules that use them, and screen-heuristics.test.ts holds
// real screens from agents and shells. Hooks are preferred: they know; this module guesses.
// questions.ts tells a question being asked from one already answered.
import {
  enterAfterPlainQuestion,
  isPlainQuestion,
  menuQuestion,
  questionAnswered,
  questionLine,
  quoteQuestion,
} from './questions.ts';

/** What the heuristics can tell from a screen; `exited`/`error` come from tmux, not from text. */
export type ScreenStatus = 'running' | 'waiting' | 'idle';

export interface ScreenSample {
  /** The visible screen as plain text (no escape sequences), lines separated by `\n`. */
  text: string;
  /** Cursor position on the visible screen, 0-based; null when unknown. */
  cursorX: number | null;
  cursorY: number | null;
  /** A full-screen program (vim, less, htop) owns the terminal. */
  alternateScreen: boolean;
  /** Agents get the agent rules; shells the shell rules. */
  kind: 'shell' | 'agent';
}

export interface ScreenVerdict {
  /** null: the screen does not say; keep the previous status. */
  status: ScreenStatus | null;
  /** Why, in a few words (logged and kept in insights). */
  reason: string;
  /** For `waiting`: the question being asked, as one line (what a notification quotes). */
  question?: string;
}

/**
 * Agents print these while they work: Claude Code `✻ Thinking… (esc to interrupt)`, Codex
 * `Working (12s • esc to interrupt)`, Gemini CLI `(esc to cancel, 5s)`, Aider and others
 * `ctrl+c to interrupt`.
 */
export const BUSY_MARKERS: readonly RegExp[] = [
  /\besc to (interrupt|cancel|stop)\b/i,
  /\bctrl\+c to (interrupt|cancel|stop)\b/i,
  /\bpress esc to (interrupt|cancel|stop)\b/i,
];

/** Questions an agent (or a program) asks and waits on. */
export const WAITING_MARKERS: readonly RegExp[] = [
  /\bdo you want to (proceed|continue|make this edit|create|run|allow|apply|overwrite)\b/i,
  /\bwould you like to (proceed|continue|run|allow|apply)\b/i,
  /\b(allow|approve|permit) (this|these|once|always)\b.*\?/i,
  /[[(]\s*y(es)?\s*\/\s*n(o)?\s*[\])]/i,
  /\byes\/no\b/i,
  /\bpress enter to (continue|confirm)\b/i,
  /\b(waiting for|needs) (your )?(input|approval|confirmation|permission)\b/i,
  /^\s*[❯>›]\s*1\.\s*yes\b/im,
];

/** Prompt characters shells and REPLs end their prompt with (`$ `, `# `, `% `, `> `, `❯ `, oh-my-zsh `git:(main) ✗ `). */
export const PROMPT_END = /[$#%>❯➜»›λ)✗]\s$/;
/** Same check when the cursor is unknown (capture-pane trims trailing spaces). */
const PROMPT_END_TRIMMED = /[$#%>❯➜»›λ)✗]$/;

/** Markers are looked for this far up from the last non-blank line: status lines sit at the bottom. */
export const BUSY_SCAN_LINES = 12;
export const WAITING_SCAN_LINES = 12;

/**
 * Classifies a screen. `previousText` is the text of the previous read of the same pane (null
 * on the first read): a prompt counts as idle only when the screen did not change between two
 * reads, so a prompt flashing by between commands is not mistaken for rest.
 */
export function classifyScreen(sample: ScreenSample, previousText: string | null): ScreenVerdict {
  const lines = sample.text.split('\n').map((line) => line.replace(/\s+$/, ''));
  const lastNonBlank = findLastIndex(lines, (line) => line !== '');
  if (lastNonBlank === -1) return { status: null, reason: 'blank screen' };
  if (sample.alternateScreen && sample.kind === 'shell') {
    return { status: null, reason: 'a full-screen program owns the terminal' };
  }
  const unchanged = previousText !== null && previousText === sample.text;

  const cursorLine = sample.cursorY === null ? null : (lines[sample.cursorY] ?? '');
  const beforeCursor =
    cursorLine === null || sample.cursorX === null
      ? null
      : cursorLine.padEnd(sample.cursorX).slice(0, sample.cursorX);
  const atPrompt =
    beforeCursor === null
      ? PROMPT_END_TRIMMED.test(lines[lastNonBlank] ?? '')
      : PROMPT_END.test(beforeCursor);
  const promptVerdict = (): ScreenVerdict =>
    unchanged
      ? { status: 'idle', reason: 'prompt unchanged across two reads' }
      : { status: null, reason: 'prompt shown; waiting for a second read' };

  // The cursor on the bottom line decides first: a question there is being asked now, and a
  // shell or REPL prompt there means whatever is above it (old busy lines, old questions) is
  // history. Agents draw their input box above other lines, so this never hides a busy agent.
  const cursorAtBottom = sample.cursorY !== null && sample.cursorY >= lastNonBlank;
  if (cursorAtBottom && beforeCursor !== null) {
    if (WAITING_MARKERS.some((re) => re.test(beforeCursor)) || isPlainQuestion(beforeCursor)) {
      return waitingVerdict(beforeCursor);
    }
    if (atPrompt) return promptVerdict();
  }

  // Otherwise the marker nearest the bottom wins: a question printed after a busy line is current.
  // A question the user has already answered is history, like a busy line above a prompt.
  const busy = lastMarker(lines, lastNonBlank, BUSY_SCAN_LINES, BUSY_MARKERS);
  const marked = lastMarker(lines, lastNonBlank, WAITING_SCAN_LINES, WAITING_MARKERS);
  const asked = marked !== -1 ? marked : menuQuestion(lines, lastNonBlank, WAITING_SCAN_LINES);
  const answered =
    asked === -1
      ? enterAfterPlainQuestion(lines, lastNonBlank, sample.cursorY)
      : questionAnswered(lines, asked, lastNonBlank, sample.cursorY);
  const question = answered ? -1 : asked;
  // A busy line above a question (answered or not) is older than the question.
  if (busy !== -1 && busy > asked) {
    return { status: 'running', reason: `busy marker: ${(lines[busy] ?? '').trim().slice(0, 80)}` };
  }
  if (question !== -1) return waitingVerdict(questionLine(lines, question));
  if (atPrompt) return promptVerdict();
  // Just answered: the program has the answer and is working on it. Once the screen holds
  // still, the rules below decide (an agent at rest is idle).
  if (answered && !unchanged) return { status: 'running', reason: 'the question was answered' };

  if (sample.kind === 'shell') {
    // The cursor at the start of an empty line below output: a command holds the terminal
    // (`sleep`, a build, a silent loop). Text before the cursor that is not a known prompt may be
    // an unusual prompt or a progress line: no opinion then, rather than a false stall.
    if (beforeCursor === '' && sample.cursorY !== null && sample.cursorY > 0) {
      return { status: 'running', reason: 'a command holds the terminal' };
    }
    return { status: null, reason: 'no prompt or marker recognised' };
  }
  // Agents draw their own input box (and often hide the cursor): no busy marker on a screen
  // that did not change means the agent is not working.
  return unchanged
    ? { status: 'idle', reason: 'no busy marker and the screen did not change' }
    : { status: null, reason: 'screen changing without a marker' };
}

/**
 * The part of a screen whose changes count as activity: everything but busy-marker lines, whose
 * spinners, timers and token counters keep ticking while an agent may be stuck.
 */
export function activityText(text: string): string {
  return text
    .split('\n')
    .filter((line) => !BUSY_MARKERS.some((re) => re.test(line)))
    .join('\n');
}

function waitingVerdict(line: string): ScreenVerdict {
  const question = quoteQuestion(line);
  return { status: 'waiting', reason: `question: ${question.slice(0, 80)}`, question };
}

/** Removes SGR (colour) sequences, the only escapes `capture-pane -e` emits. */
export function stripSgr(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;:]*m/g, '');
}

/** Index of the lowest line within `count` lines above `last` matching a marker, or -1. */
function lastMarker(
  lines: readonly string[],
  last: number,
  count: number,
  markers: readonly RegExp[],
): number {
  for (let i = last; i >= 0 && i > last - count; i -= 1) {
    if (markers.some((re) => re.test(lines[i] ?? ''))) return i;
  }
  return -1;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (predicate(items[i] as T)) return i;
  return -1;
}
