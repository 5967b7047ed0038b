/**
 * Keyboard shortcuts: Alt + a key, matched by physical key (`code`) so layouts do not matter;
 * and Ctrl+K (Cmd+K on a Mac) for the search palette, which the terminal lets through as VS
 * Code's terminal lets its workbench keys through (`commandsToSkipShell`).
 */
export type ShortcutAction =
  | { kind: 'tab'; index: number }
  | { kind: 'prevTab' }
  | { kind: 'nextTab' }
  | { kind: 'prevSession' }
  | { kind: 'nextSession' }
  | { kind: 'newSession' }
  | { kind: 'closeTab' }
  | { kind: 'toggleSidebar' }
  | { kind: 'toggleReview' }
  | { kind: 'search' };

export const SHORTCUT_HELP: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: 'Ctrl+K (Cmd+K on a Mac)', what: 'search sessions, folders and terminal output' },
  { keys: 'Alt+1 … Alt+9', what: 'go to tab 1 … 9' },
  { keys: 'Alt+[ / Alt+]', what: 'previous / next tab' },
  { keys: 'Alt+↑ / Alt+↓', what: 'previous / next session in the sidebar' },
  { keys: 'Alt+N', what: 'new session' },
  { keys: 'Alt+W', what: 'close the tab (the session keeps running)' },
  { keys: 'Alt+B', what: 'show / hide the sidebar' },
  { keys: 'Alt+G', what: "show / hide the session's changes (git diff)" },
];

/** The parts of a key event a shortcut is matched on. */
export type ShortcutKey = Pick<
  KeyboardEvent,
  'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'
>;

/** `mac`: Cmd is the modifier of Cmd+K there, and Ctrl+K stays the terminal's (kill line). */
export function shortcutFor(event: ShortcutKey, mac = false): ShortcutAction | null {
  if (event.code === 'KeyK' && !event.altKey && !event.shiftKey) {
    const modifier = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
    if (modifier) return { kind: 'search' };
  }
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const digit = /^Digit([1-9])$/.exec(event.code);
  if (digit) return { kind: 'tab', index: Number(digit[1]) - 1 };
  switch (event.code) {
    case 'BracketLeft':
      return { kind: 'prevTab' };
    case 'BracketRight':
      return { kind: 'nextTab' };
    case 'ArrowUp':
      return { kind: 'prevSession' };
    case 'ArrowDown':
      return { kind: 'nextSession' };
    case 'KeyN':
      return { kind: 'newSession' };
    case 'KeyW':
      return { kind: 'closeTab' };
    case 'KeyB':
      return { kind: 'toggleSidebar' };
    case 'KeyG':
      return { kind: 'toggleReview' };
    default:
      return null;
  }
}

/** For xterm's custom key handler: true when the dashboard, not the shell, should get the key. */
export function isShortcut(event: ShortcutKey, mac = false): boolean {
  return shortcutFor(event, mac) !== null;
}
