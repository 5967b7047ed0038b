import { isShortcut } from '../../lib/shortcuts';

/**
 * What a key pressed in a terminal does, before xterm.js turns it into bytes. The conventions are
 * VS Code's terminal and native terminals: Ctrl+C copies only when something is selected (else it
 * is ^C), Ctrl+Shift+C always copies; on a Mac, Cmd does the copying and pasting and Ctrl keeps
 * its terminal meaning (Ctrl+C and Ctrl+V always go to the program).
 */
export type TerminalKeyAction =
  /** Copy the selection; `clear` drops it afterwards (Ctrl+C, so the next Ctrl+C interrupts). */
  | { kind: 'copy'; clear: boolean }
  /** Let the browser paste: its paste event reaches xterm.js, which brackets the text. */
  | { kind: 'paste' }
  | { kind: 'selectAll' }
  | { kind: 'find' }
  /** Bytes to send instead of what xterm.js would send. */
  | { kind: 'send'; data: string }
  /** A dashboard shortcut (Alt+…, Ctrl/Cmd+K): not for the program; the page's listener acts on it. */
  | { kind: 'shortcut' };

/** The parts of a KeyboardEvent the mapping reads (so it can be tested without a DOM). */
export type KeyInput = Pick<
  KeyboardEvent,
  'key' | 'code' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'
>;

export interface KeyContext {
  /** Text is selected in the terminal. */
  hasSelection: boolean;
  /** macOS or iOS: Cmd is the copy/paste modifier. */
  mac: boolean;
}

/** ESC CR: what Claude Code, Codex and Gemini CLI read as "new line" rather than "submit". */
export const SHIFT_ENTER_BYTES = '\x1b\r';
/** CSI Z, back-tab: moves backwards in menus and completion lists. */
export const SHIFT_TAB_BYTES = '\x1b[Z';

/**
 * The letter a key stands for: the layout's letter when it is a Latin one (AZERTY's A is A),
 * else the physical key's (a Cyrillic layout's С key is C), as native terminals do.
 */
function letterOf(event: KeyInput): string | null {
  if (/^[a-z]$/i.test(event.key)) return event.key.toLowerCase();
  const physical = /^Key([A-Z])$/.exec(event.code);
  return physical?.[1]?.toLowerCase() ?? null;
}

/** The action for a keydown in the terminal, or null when xterm.js should handle it as usual. */
export function terminalKeyAction(event: KeyInput, context: KeyContext): TerminalKeyAction | null {
  const { ctrlKey: ctrl, shiftKey: shift, altKey: alt, metaKey: meta } = event;
  if (isShortcut(event, context.mac)) return { kind: 'shortcut' };

  if (!ctrl && !alt && !meta && shift) {
    if (event.key === 'Enter') return { kind: 'send', data: SHIFT_ENTER_BYTES };
    if (event.key === 'Tab') return { kind: 'send', data: SHIFT_TAB_BYTES };
    if (event.key === 'Insert') return { kind: 'paste' };
    return null;
  }
  if (alt) return null;

  const letter = letterOf(event) ?? '';
  if (context.mac) {
    if (!meta || ctrl || shift) return null;
    switch (letter) {
      case 'c':
        return { kind: 'copy', clear: false };
      case 'v':
        return { kind: 'paste' };
      case 'a':
        return { kind: 'selectAll' };
      case 'f':
        return { kind: 'find' };
      default:
        return null;
    }
  }

  if (!ctrl || meta) return null;
  if (!shift && event.key === 'Insert') return { kind: 'copy', clear: false };
  switch (letter) {
    case 'c':
      if (shift) return { kind: 'copy', clear: false };
      return context.hasSelection ? { kind: 'copy', clear: true } : null;
    case 'v':
      return { kind: 'paste' };
    case 'a':
      return shift ? { kind: 'selectAll' } : null;
    case 'f':
      return shift ? { kind: 'find' } : null;
    default:
      return null;
  }
}

/** The terminal's keys for the help dialog, spelled for this platform. */
export function terminalKeyHelp(mac: boolean): ReadonlyArray<{ keys: string; what: string }> {
  return mac
    ? [
        {
          keys: 'drag / Shift+drag',
          what: 'select text (Shift+drag when the program uses the mouse)',
        },
        { keys: 'Cmd+C', what: 'copy the selection' },
        { keys: 'Cmd+V', what: 'paste (bracketed when the program asks for it)' },
        { keys: 'Cmd+A', what: 'select all' },
        {
          keys: 'Cmd+F',
          what: 'find in the terminal (Enter / Shift+Enter: next / previous, Esc: close)',
        },
        {
          keys: 'right-click',
          what: 'Copy, Paste, Select all, Find (Shift+right-click when the program uses the mouse)',
        },
        { keys: 'Shift+Enter', what: 'new line without submitting (sends ESC CR)' },
        { keys: 'Shift+Tab', what: 'back-tab (sends CSI Z)' },
      ]
    : [
        {
          keys: 'drag / Shift+drag',
          what: 'select text (Shift+drag when the program uses the mouse)',
        },
        { keys: 'Ctrl+C', what: 'copy when text is selected, else interrupt (^C)' },
        { keys: 'Ctrl+Shift+C, Ctrl+Insert', what: 'copy the selection' },
        {
          keys: 'Ctrl+V, Ctrl+Shift+V, Shift+Insert',
          what: 'paste (bracketed when the program asks for it)',
        },
        { keys: 'Ctrl+Shift+A', what: 'select all' },
        {
          keys: 'Ctrl+Shift+F',
          what: 'find in the terminal (Enter / Shift+Enter: next / previous, Esc: close)',
        },
        {
          keys: 'right-click',
          what: 'Copy, Paste, Select all, Find (Shift+right-click when the program uses the mouse)',
        },
        { keys: 'Shift+Enter', what: 'new line without submitting (sends ESC CR)' },
        { keys: 'Shift+Tab', what: 'back-tab (sends CSI Z)' },
      ];
}

/** macOS, iPadOS and iOS use Cmd for copy and paste. */
export function isMacPlatform(userAgent: string): boolean {
  return /Mac|iPhone|iPad|iPod/.test(userAgent);
}
