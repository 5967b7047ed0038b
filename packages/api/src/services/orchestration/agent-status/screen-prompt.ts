// The prompt a screen shows, for answering it without attaching: which agent asks, what it asks,
// which answers it takes, the keys that give each, and an id that changes when the prompt does.
// The screens that prove it (Claude Code, Codex, Gemini CLI, y/n, plain questions) are in
// screen-prompt.test.ts; the agent versions they come from are named in the README.
import { createHash } from 'node:crypto';
import { PROMPT_ID_LENGTH } from '../../../schemas/answers.ts';
import { isPlainQuestion, MENU_LINES } from './questions.ts';

/** Which program's prompt conventions apply; `generic` for any other numbered menu. */
export type PromptAgent = 'claude' | 'codex' | 'gemini' | 'generic';
/** How a prompt is answered: a permission menu's options, or a typed reply (`y`/`n` for a y/n). */
export type AnswerKind = 'approve' | 'deny' | 'reply';

/** What the dashboard, the CLI and a notification get: enough to offer the right buttons. */
export interface ScreenPrompt {
  /** Changes whenever the prompt's lines do: an answer names the prompt it answers. */
  id: string;
  /** `permission`: a menu with an approve and a deny option; `question`: a typed answer. */
  kind: 'permission' | 'question';
  agent: PromptAgent;
  /** The question line, box sides removed, one line. */
  question: string;
  answers: AnswerKind[];
}

/** Keys that answer a prompt: typed literally, then Enter if `enter`. */
export interface AnswerKeys {
  text: string;
  enter: boolean;
}

export interface ReadPrompt {
  prompt: ScreenPrompt;
  /** Keys for approve and deny, where the prompt takes them; a reply is the typed text and Enter. */
  keys: Partial<Record<'approve' | 'deny', AnswerKeys>>;
}

export interface PromptScreen {
  /** The visible screen, one entry per row, plain text. */
  lines: readonly string[];
  cursorX: number | null;
  cursorY: number | null;
}

/** How far up from the bottom a menu's options are looked for. */
const MENU_SCAN_LINES = 16;
/** How far above a menu's first option its question is looked for (Codex shows the command between). */
const QUESTION_LOOKBACK_LINES = 12;
/** Lines above the question hashed with it: the command or file being asked about. */
const CONTEXT_LINES = 6;
const MAX_QUESTION_LENGTH = 200;
/** Rows one option's label may wrap onto. */
const MAX_WRAPPED_ROWS = 2;

const BOX_SIDES = /^[\s│┃║|]+|[\s│┃║|]+$/g;
/** `❯ 1. Yes`, `  2. No, and tell Claude ... (esc)`, `● 1. Allow once`, `› 1. Yes, proceed (y)`. */
const NUMBERED_OPTION = /^(?:[❯›>●○◉▸▶→*]\s*)?(\d{1,2})\.\s+(\S.*)$/;
const APPROVE_LABEL = /^(?:yes|allow|approve|proceed|accept)\b/i;
const DENY_LABEL = /^(?:no|deny|reject|decline|don't|do not)\b/i;
/** A shortcut letter a menu shows after an option: Codex's `Yes, proceed (y)`. */
const SHORTCUT_LETTER = /\(([a-z])\)$/i;
/** `(y/n)`, `[Y/n]`, `(yes/no)` at the end of what precedes the cursor. */
const YES_NO_AT_END = /[[(]\s*y(?:es)?\s*\/\s*n(?:o)?\s*[\])]\s*[:?]?\s*$/i;

interface MenuOption {
  number: number;
  label: string;
}

/** The prompt at the bottom of a screen, or null when it shows none that can be answered. */
export function readPrompt(screen: PromptScreen): ReadPrompt | null {
  const lines = screen.lines.map((line) => line.replace(BOX_SIDES, '').replace(/\s+$/, ''));
  let last = lines.length - 1;
  while (last >= 0 && lines[last] === '') last -= 1;
  if (last < 0) return null;
  return readMenu(lines, last) ?? readQuestion(lines, last, screen);
}

/** A permission menu whose options are the last thing on the screen (only hints below them). */
function readMenu(lines: readonly string[], last: number): ReadPrompt | null {
  const options: Array<MenuOption & { index: number }> = [];
  let wrapped = 0;
  for (let i = last; i >= 0 && i > last - MENU_SCAN_LINES; i -= 1) {
    const line = (lines[i] ?? '').trim();
    const option = NUMBERED_OPTION.exec(line);
    if (option) {
      options.unshift({ number: Number(option[1]), label: (option[2] ?? '').trim(), index: i });
      wrapped = 0;
      if (options[0]!.number === 1) break;
      continue;
    }
    // Between options: a long label wrapped onto the next row.
    if (options.length > 0) {
      wrapped += 1;
      if (wrapped > MAX_WRAPPED_ROWS) break;
      continue;
    }
    if (!MENU_LINES.some((re) => re.test(line))) return null;
  }
  if (options.length < 2 || !options.every((o, n) => o.number === n + 1)) return null;
  const approve = options.find((o) => APPROVE_LABEL.test(o.label));
  const deny = options.find((o) => DENY_LABEL.test(o.label));
  if (!approve || !deny) return null;

  const first = options[0]!.index;
  let questionAt = -1;
  for (let i = first - 1; i >= 0 && i >= first - QUESTION_LOOKBACK_LINES; i -= 1) {
    if ((lines[i] ?? '').trim().endsWith('?')) {
      questionAt = i;
      break;
    }
  }
  if (questionAt === -1) return null;
  const agent = menuAgent(options);
  const keys =
    agent === 'codex'
      ? // Codex's approval overlay: `y` approves; `n` is its other key for "No ... (esc)".
        {
          approve: { text: shortcutOf(approve.label) ?? 'y', enter: false },
          deny: { text: 'n', enter: false },
        }
      : // Claude Code and Gemini CLI select a numbered option with its digit, without Enter.
        {
          approve: { text: String(approve.number), enter: false },
          deny: { text: String(deny.number), enter: false },
        };
  const hashed = [
    ...lines.slice(Math.max(0, questionAt - CONTEXT_LINES), first),
    ...options.map((o) => `${o.number}. ${o.label}`),
  ];
  return {
    prompt: {
      id: promptId(agent, 'permission', hashed),
      kind: 'permission',
      agent,
      question: oneLine(lines[questionAt] ?? ''),
      answers: ['approve', 'deny'],
    },
    keys,
  };
}

/** A question the cursor waits after: `(y/n)` takes approve/deny/reply, a plain one a reply. */
function readQuestion(
  lines: readonly string[],
  last: number,
  screen: PromptScreen,
): ReadPrompt | null {
  const { cursorX, cursorY } = screen;
  if (cursorX === null || cursorY === null || cursorY < last) return null;
  const raw = screen.lines[cursorY] ?? '';
  const beforeCursor = raw.padEnd(cursorX).slice(0, cursorX);
  const yesNo = YES_NO_AT_END.test(beforeCursor);
  if (!yesNo && !isPlainQuestion(beforeCursor)) return null;
  const hashed = [...lines.slice(Math.max(0, cursorY - CONTEXT_LINES), cursorY), beforeCursor];
  return {
    prompt: {
      id: promptId('generic', 'question', hashed),
      kind: 'question',
      agent: 'generic',
      question: oneLine(beforeCursor),
      answers: yesNo ? ['approve', 'deny', 'reply'] : ['reply'],
    },
    keys: yesNo ? { approve: { text: 'y', enter: true }, deny: { text: 'n', enter: true } } : {},
  };
}

function menuAgent(options: readonly MenuOption[]): PromptAgent {
  const labels = options.map((o) => o.label).join('\n');
  if (/\btell Codex\b/.test(labels) || options.some((o) => SHORTCUT_LETTER.test(o.label)))
    return 'codex';
  if (/\btell Claude\b/.test(labels)) return 'claude';
  if (/\bsuggest changes\b|\bAllow once\b/.test(labels)) return 'gemini';
  return 'generic';
}

function shortcutOf(label: string): string | undefined {
  return SHORTCUT_LETTER.exec(label)?.[1]?.toLowerCase();
}

/**
 * The id of a prompt: its agent, kind and lines, selection markers and runs of blanks left out
 * (moving the highlight with the arrow keys does not change which digit picks an option).
 */
function promptId(agent: PromptAgent, kind: string, lines: readonly string[]): string {
  const normal = lines.map((line) => line.replace(/\s+/g, ' ').trim());
  return createHash('sha256')
    .update(`${agent}\n${kind}\n${normal.join('\n')}`)
    .digest('hex')
    .slice(0, PROMPT_ID_LENGTH);
}

function oneLine(line: string): string {
  return line.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_LENGTH);
}
