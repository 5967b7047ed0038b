import type { ClipboardSelectionType, IClipboardProvider } from '@xterm/addon-clipboard';

/**
 * Puts text on the system clipboard. The async Clipboard API exists only on secure origins
 * (https, localhost); elsewhere, and when it refuses, a `copy` command inside the user's key or
 * click still works. Resolves false when neither did.
 */
export async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no focus, no permission): try the copy command below.
  }
  return copyCommand(text);
}

function copyCommand(text: string): boolean {
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
  };
  document.addEventListener('copy', onCopy, true);
  try {
    // Deprecated but the only clipboard write on plain-http origins; needs a user gesture.
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    document.removeEventListener('copy', onCopy, true);
  }
}

/**
 * The clipboard's text, or null when the browser will not tell (plain http, permission
 * refused). Keyboard pastes do not need this: the browser's own paste event carries the text.
 */
export async function readClipboard(): Promise<string | null> {
  try {
    return navigator.clipboard?.readText ? await navigator.clipboard.readText() : null;
  } catch {
    return null;
  }
}

/**
 * OSC 52 for `@xterm/addon-clipboard`: programs (vim, tmux, an ssh session) may SET the
 * clipboard; reading it back is refused (answered empty), so nothing running in a session can
 * read what the user copied elsewhere. An empty selection parameter is the default clipboard,
 * as in xterm; `p` (X11 primary) is ignored, so a program that sets both does not copy twice.
 */
export const osc52Clipboard: IClipboardProvider = {
  readText: () => '',
  writeText: async (selection: ClipboardSelectionType, text: string) => {
    const target = selection as string;
    if (target !== '' && !target.includes('c') && !target.includes('s')) return;
    // A refused write must not reject: the addon's promise holds up xterm's parser.
    await writeClipboard(text);
  },
};

const COPY_ON_SELECT_KEY = 'rdv.terminal.copyOnSelect';
/** Set in this page; wins over storage, which may be disabled. */
let copyOnSelectHere: boolean | null = null;

/**
 * Copy-on-select, a preference of this browser (localStorage), off unless turned on. Read at
 * each selection, so a change applies to open terminals at once.
 */
export function copyOnSelect(): boolean {
  if (copyOnSelectHere !== null) return copyOnSelectHere;
  try {
    return localStorage.getItem(COPY_ON_SELECT_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setCopyOnSelect(on: boolean): void {
  copyOnSelectHere = on;
  try {
    if (on) localStorage.setItem(COPY_ON_SELECT_KEY, 'on');
    else localStorage.removeItem(COPY_ON_SELECT_KEY);
  } catch {
    // Storage disabled: the setting lasts as long as this page.
  }
}
