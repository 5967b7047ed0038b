// What a terminal that joins the stream late must be told and tmux cannot report: modes the
// program set earlier (bracketed paste, focus reports, ...). Programs send mode CHANGES only, so a
// fresh xterm.js would otherwise never learn them; the hub sees every byte of the pane, so it
// can track them. (The snapshot takes the modes tmux does report from tmux itself.)

const ESC = '\x1b';
/** An unterminated escape sequence longer than this is not held back (a huge OSC 52 paste). */
export const MAX_HELD_ESCAPE = 4096;

/**
 * Index where an unterminated escape sequence at the end of `data` starts, or -1. Used so output
 * chunks never end inside a sequence: a client that starts at a chunk boundary (resume, snapshot)
 * must not begin with the tail of one.
 */
export function incompleteEscapeStart(data: string): number {
  const start = data.lastIndexOf(ESC);
  if (start === -1 || data.length - start > MAX_HELD_ESCAPE) return -1;
  const kind = data[start + 1];
  if (kind === undefined) return start;
  if (kind === '[') {
    // CSI: parameter and intermediate bytes, then a final byte 0x40-0x7e.
    for (let i = start + 2; i < data.length; i++) {
      const code = data.charCodeAt(i);
      if (code >= 0x40 && code <= 0x7e) return -1;
      if (code < 0x20 || code > 0x3f) return -1; // not a CSI after all; nothing to wait for
    }
    return start;
  }
  if (kind === ']' || kind === 'P' || kind === '_' || kind === '^' || kind === 'X') {
    // OSC/DCS/APC/PM/SOS: end with BEL (OSC) or ST (ESC \), whose ESC would be the last one.
    return data.includes('\x07', start) ? -1 : start;
  }
  const code = kind.charCodeAt(0);
  if (code >= 0x20 && code <= 0x2f) {
    // ESC, intermediates (charset designation `ESC ( B`), then a final byte.
    for (let i = start + 2; i < data.length; i++) {
      const c = data.charCodeAt(i);
      if (c >= 0x30 && c <= 0x7e) return -1;
    }
    return start;
  }
  return -1;
}

/** DEC private modes that change what the terminal sends or shows (input, mouse, cursor). */
const TRACKED_MODES = new Set([1, 7, 12, 25, 1000, 1002, 1003, 1004, 1005, 1006, 1015, 2004]);
// eslint-disable-next-line no-control-regex -- escape sequences start with ESC
const SEQUENCE = /\x1b(?:\[([<=>?]?)([0-9:;]*)([ -/]*)([@-~])|([=>]))/g;

/** Follows the terminal modes set by a stream of output. */
export class ModeTracker {
  private readonly modes = new Map<number, boolean>();
  private keypad: boolean | undefined;
  private cursorStyle: string | undefined;
  private carry = '';

  feed(data: string): void {
    let text = this.carry + data;
    const held = incompleteEscapeStart(text);
    this.carry = held === -1 ? '' : text.slice(held);
    if (held !== -1) text = text.slice(0, held);
    for (const match of text.matchAll(SEQUENCE)) {
      const [, prefix, params = '', intermediate, final, keypad] = match;
      if (keypad !== undefined) {
        this.keypad = keypad === '=';
      } else if (prefix === '?' && (final === 'h' || final === 'l')) {
        for (const param of params.split(';')) {
          const mode = Number(param);
          if (TRACKED_MODES.has(mode)) this.modes.set(mode, final === 'h');
        }
      } else if (prefix === '' && intermediate === ' ' && final === 'q') {
        this.cursorStyle = params;
      }
    }
  }

  /**
   * The DEC private modes, keypad and cursor style seen in the stream (not the scroll region):
   * what a snapshot adds to the state tmux reports (bracketed paste, focus events).
   */
  modeSequence(): string {
    let out = '';
    for (const [mode, on] of this.modes) out += `${ESC}[?${mode}${on ? 'h' : 'l'}`;
    if (this.keypad !== undefined) out += this.keypad ? `${ESC}=` : `${ESC}>`;
    if (this.cursorStyle !== undefined) out += `${ESC}[${this.cursorStyle} q`;
    return out;
  }
}
