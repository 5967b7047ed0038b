import type { Terminal } from '@xterm/xterm';
import { ClipboardAddon } from '@xterm/addon-clipboard';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { copyOnSelect, osc52Clipboard, readClipboard, writeClipboard } from './clipboard';
import { isMacPlatform, terminalKeyAction } from './terminal-keys';

/** Matches highlighted at once by the find bar; the count goes on beyond it. */
export const SEARCH_HIGHLIGHT_LIMIT = 1_000;

/** What the find bar, the context menu and the keys do to one terminal. */
export interface TerminalActions {
  search: SearchAddon;
  /** Copies the selection; `clear` drops it afterwards. False when nothing was copied. */
  copy: (clear?: boolean) => Promise<boolean>;
  /** Pastes the clipboard through xterm.js (bracketed when the program asked for it). */
  paste: () => Promise<boolean>;
  selectAll: () => void;
  dispose: () => void;
}

export interface TerminalActionHandlers {
  /** Ctrl+Shift+F (Cmd+F on a Mac). */
  onFind: () => void;
  /** A right-click (or the context-menu key) the program did not take. */
  onContextMenu: (x: number, y: number) => void;
}

/**
 * Adds selection, clipboard, search and key handling to a terminal: Unicode 11 widths (emoji
 * take the 2 cells tmux gives them), OSC 52 writes to the clipboard, the search addon, the
 * VS Code style copy/paste keys, copy-on-select and the right-click menu.
 */
export function installTerminalActions(
  term: Terminal,
  element: HTMLElement,
  handlers: TerminalActionHandlers,
): TerminalActions {
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  term.loadAddon(new ClipboardAddon(undefined, osc52Clipboard));
  const search = new SearchAddon({ highlightLimit: SEARCH_HIGHLIGHT_LIMIT });
  term.loadAddon(search);
  const mac = isMacPlatform(navigator.userAgent);

  const copy = async (clear = false) => {
    const text = term.getSelection();
    if (clear) term.clearSelection();
    return text ? writeClipboard(text) : false;
  };
  const paste = async () => {
    const text = await readClipboard();
    if (text === null) return false;
    term.paste(text);
    term.focus();
    return true;
  };
  const selectAll = () => term.selectAll();

  term.attachCustomKeyEventHandler((event) => {
    const action = terminalKeyAction(event, { hasSelection: term.hasSelection(), mac });
    if (!action) return true;
    // xterm.js asks for keydown, keypress and keyup: act once, keep all three from the program.
    if (event.type !== 'keydown') return false;
    switch (action.kind) {
      case 'shortcut':
        return false; // the dashboard's window listener acts on it
      case 'paste':
        // No preventDefault: the browser's paste reaches xterm.js's textarea with the text,
        // which needs no clipboard permission and works on plain http too.
        return false;
      case 'copy':
        event.preventDefault();
        void copy(action.clear);
        return false;
      case 'selectAll':
        event.preventDefault();
        selectAll();
        return false;
      case 'find':
        event.preventDefault();
        handlers.onFind();
        return false;
      case 'send':
        event.preventDefault();
        term.input(action.data, true);
        return false;
    }
  });

  // Copy-on-select copies what the user selected with the mouse (drag, double or triple click),
  // not what the find bar or Select all selected.
  let mouseInTerminal = false;
  const onMouseDown = (event: MouseEvent) => {
    if (event.button === 0) mouseInTerminal = true;
  };
  const onMouseUp = () => {
    if (!mouseInTerminal) return;
    mouseInTerminal = false;
    // After xterm.js's own mouseup handler has settled the selection.
    setTimeout(() => {
      if (copyOnSelect() && term.hasSelection()) void copy();
    }, 0);
  };
  element.addEventListener('mousedown', onMouseDown);
  // On the document: a drag may end outside the terminal.
  document.addEventListener('mouseup', onMouseUp);

  const onContextMenu = (event: MouseEvent) => {
    event.preventDefault();
    // A program that asked for the mouse gets the right button; Shift+right-click is ours.
    if (term.modes.mouseTrackingMode !== 'none' && !event.shiftKey) return;
    // The context-menu key reports no position: open the menu at the terminal's corner.
    const box = element.getBoundingClientRect();
    const fromKeyboard = event.clientX === 0 && event.clientY === 0;
    handlers.onContextMenu(
      fromKeyboard ? box.left + 16 : event.clientX,
      fromKeyboard ? box.top + 16 : event.clientY,
    );
  };
  element.addEventListener('contextmenu', onContextMenu);

  return {
    search,
    copy,
    paste,
    selectAll,
    dispose: () => {
      element.removeEventListener('mousedown', onMouseDown);
      document.removeEventListener('mouseup', onMouseUp);
      element.removeEventListener('contextmenu', onContextMenu);
    },
  };
}
