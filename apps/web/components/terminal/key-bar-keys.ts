/**
 * The bytes behind the phone key bar: what a native terminal (xterm, VS Code's terminal) sends
 * for Esc, Tab, Shift+Tab, the arrows and the control keys, and how the one-shot Ctrl and Alt
 * change the next key. Pure functions: no DOM, no xterm.js.
 */

export const ESC = '\x1b';

/** The keys of the bar that send bytes (Ctrl, Alt, Paste and Fit are actions, not bytes). */
export type BarKey =
  'escape' | 'tab' | 'backtab' | 'up' | 'down' | 'right' | 'left' | 'ctrl-c' | 'ctrl-d' | 'enter';

export interface Modifiers {
  ctrl: boolean;
  alt: boolean;
}

export const NO_MODIFIERS: Modifiers = { ctrl: false, alt: false };

const ARROW_FINAL: Record<'up' | 'down' | 'right' | 'left', string> = {
  up: 'A',
  down: 'B',
  right: 'C',
  left: 'D',
};

const PLAIN: Record<Exclude<BarKey, keyof typeof ARROW_FINAL>, string> = {
  escape: ESC,
  tab: '\t',
  backtab: `${ESC}[Z`,
  'ctrl-c': '\x03',
  'ctrl-d': '\x04',
  enter: '\r',
};

/**
 * xterm's modifier parameter for CSI sequences (`ESC [ 1 ; m A`): 1 + Shift(1) + Alt(2) + Ctrl(4).
 * @see https://invisible-island.net/xterm/ctlseqs/ctlseqs.html#h3-PC-Style-Function-Keys
 */
function modifierParam(mods: Modifiers): number {
  return 1 + (mods.alt ? 2 : 0) + (mods.ctrl ? 4 : 0);
}

/**
 * The bytes a bar key sends. Arrows follow the terminal's cursor-key mode (DECCKM: `ESC O A` in
 * application mode, as vim and less ask for; `ESC [ A` otherwise) and take xterm's modifier form
 * (`ESC [ 1 ; 5 A` for Ctrl+Up) when Ctrl or Alt is armed. Other keys get Alt as an ESC prefix;
 * Ctrl changes nothing on keys that already are control characters.
 */
export function barKeyBytes(
  key: BarKey,
  mods: Modifiers = NO_MODIFIERS,
  opts: { applicationCursor?: boolean } = {},
): string {
  if (key === 'up' || key === 'down' || key === 'right' || key === 'left') {
    const final = ARROW_FINAL[key];
    if (mods.ctrl || mods.alt) return `${ESC}[1;${modifierParam(mods)}${final}`;
    return opts.applicationCursor ? `${ESC}O${final}` : `${ESC}[${final}`;
  }
  const bytes = PLAIN[key];
  return mods.alt ? ESC + bytes : bytes;
}

/**
 * What Ctrl+`char` sends, as a VT220/xterm keyboard does: letters and `@[\]^_` map to C0
 * control codes (Ctrl+C → 0x03), `?` to DEL, and the digit row to its classic aliases
 * (Ctrl+2 = NUL … Ctrl+8 = DEL). Undefined when Ctrl has no meaning for the character.
 */
export function ctrlCode(char: string): string | undefined {
  if (char.length !== 1) return undefined;
  const code = char.charCodeAt(0);
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a))
    return String.fromCharCode(code & 0x1f);
  return CTRL_PUNCTUATION[char];
}

const CTRL_PUNCTUATION: Readonly<Record<string, string>> = {
  '@': '\x00',
  ' ': '\x00',
  '2': '\x00',
  '[': '\x1b',
  '3': '\x1b',
  '\\': '\x1c',
  '4': '\x1c',
  ']': '\x1d',
  '5': '\x1d',
  '^': '\x1e',
  '6': '\x1e',
  _: '\x1f',
  '-': '\x1f',
  '7': '\x1f',
  '/': '\x1f',
  '?': '\x7f',
  '8': '\x7f',
};

/** A bare cursor or Home/End key as xterm.js sends it (normal or application mode). */
// eslint-disable-next-line no-control-regex -- matching ESC is the point
const BARE_CURSOR_KEY = /^\x1b[[O]([A-DHF])$/;
const BRACKETED_PASTE_START = `${ESC}[200~`;

/** True for input the modifiers must leave alone and not be used up by (a paste). */
export function isPaste(data: string): boolean {
  return data.startsWith(BRACKETED_PASTE_START);
}

/**
 * Applies armed modifiers to what the terminal produced from the next key typed (xterm.js's
 * `onData`, soft keyboard included). Ctrl turns the first character into its control code; Alt
 * prefixes ESC (Meta sends Escape, as in xterm and VS Code); a cursor key from a hardware
 * keyboard gets xterm's modifier form. A soft keyboard may deliver a whole word at once
 * (autocorrect, swipe typing): only its first character is modified, as if the modifier had been
 * held for that key alone.
 */
export function applyModifiers(data: string, mods: Modifiers): string {
  if ((!mods.ctrl && !mods.alt) || data === '' || isPaste(data)) return data;
  const cursor = BARE_CURSOR_KEY.exec(data);
  if (cursor) return `${ESC}[1;${modifierParam(mods)}${cursor[1]}`;
  const first = String.fromCodePoint(data.codePointAt(0)!);
  const rest = data.slice(first.length);
  const controlled = mods.ctrl ? (ctrlCode(first) ?? first) : first;
  return (mods.alt ? ESC : '') + controlled + rest;
}
