import { describe, expect, it } from 'vitest';
import {
  SHIFT_ENTER_BYTES,
  SHIFT_TAB_BYTES,
  isMacPlatform,
  terminalKeyAction,
  type KeyInput,
} from './terminal-keys';

/** A key event: `key`, with `code` guessed for letters, and the modifiers given. */
function key(k: string, mods: Partial<KeyInput> = {}): KeyInput {
  const code = /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : k;
  return { key: k, code, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods };
}

const linux = { hasSelection: false, mac: false };
const linuxSelected = { hasSelection: true, mac: false };
const mac = { hasSelection: false, mac: true };
const macSelected = { hasSelection: true, mac: true };

describe('terminalKeyAction on Linux and Windows', () => {
  it('Ctrl+C is ^C without a selection, and copies then clears with one', () => {
    expect(terminalKeyAction(key('c', { ctrlKey: true }), linux)).toBeNull();
    expect(terminalKeyAction(key('c', { ctrlKey: true }), linuxSelected)).toEqual({
      kind: 'copy',
      clear: true,
    });
  });

  it('Ctrl+Shift+C and Ctrl+Insert copy and keep the selection', () => {
    const copy = { kind: 'copy', clear: false };
    expect(terminalKeyAction(key('C', { ctrlKey: true, shiftKey: true }), linux)).toEqual(copy);
    expect(terminalKeyAction(key('C', { ctrlKey: true, shiftKey: true }), linuxSelected)).toEqual(
      copy,
    );
    expect(terminalKeyAction(key('Insert', { ctrlKey: true }), linuxSelected)).toEqual(copy);
  });

  it('Ctrl+V, Ctrl+Shift+V and Shift+Insert paste', () => {
    const paste = { kind: 'paste' };
    expect(terminalKeyAction(key('v', { ctrlKey: true }), linux)).toEqual(paste);
    expect(terminalKeyAction(key('V', { ctrlKey: true, shiftKey: true }), linux)).toEqual(paste);
    expect(terminalKeyAction(key('Insert', { shiftKey: true }), linux)).toEqual(paste);
  });

  it('Ctrl+Shift+F finds and Ctrl+Shift+A selects all; without Shift they go to the program', () => {
    expect(terminalKeyAction(key('F', { ctrlKey: true, shiftKey: true }), linux)).toEqual({
      kind: 'find',
    });
    expect(terminalKeyAction(key('A', { ctrlKey: true, shiftKey: true }), linux)).toEqual({
      kind: 'selectAll',
    });
    expect(terminalKeyAction(key('f', { ctrlKey: true }), linux)).toBeNull();
    expect(terminalKeyAction(key('a', { ctrlKey: true }), linuxSelected)).toBeNull();
  });

  it('leaves other Ctrl keys, Cmd (the Windows key) and Ctrl+Alt to xterm.js', () => {
    expect(terminalKeyAction(key('d', { ctrlKey: true }), linuxSelected)).toBeNull();
    expect(terminalKeyAction(key('c', { metaKey: true }), linuxSelected)).toBeNull();
    expect(terminalKeyAction(key('c', { ctrlKey: true, altKey: true }), linuxSelected)).toBeNull();
    expect(terminalKeyAction(key('x'), linuxSelected)).toBeNull();
  });

  it('matches letters by the layout, else by the physical key', () => {
    // AZERTY: the key labelled A sits where QWERTY has Q.
    expect(
      terminalKeyAction({ ...key('A', { ctrlKey: true, shiftKey: true }), code: 'KeyQ' }, linux),
    ).toEqual({ kind: 'selectAll' });
    // Russian layout: the C key types "с" (Cyrillic).
    expect(
      terminalKeyAction({ ...key('с', { ctrlKey: true }), code: 'KeyC' }, linuxSelected),
    ).toEqual({ kind: 'copy', clear: true });
  });
});

describe('terminalKeyAction on a Mac', () => {
  it('Cmd+C copies, Cmd+V pastes, Cmd+A selects all, Cmd+F finds', () => {
    expect(terminalKeyAction(key('c', { metaKey: true }), macSelected)).toEqual({
      kind: 'copy',
      clear: false,
    });
    expect(terminalKeyAction(key('v', { metaKey: true }), mac)).toEqual({ kind: 'paste' });
    expect(terminalKeyAction(key('a', { metaKey: true }), mac)).toEqual({ kind: 'selectAll' });
    expect(terminalKeyAction(key('f', { metaKey: true }), mac)).toEqual({ kind: 'find' });
  });

  it('Ctrl keeps its terminal meaning: Ctrl+C and Ctrl+V reach the program', () => {
    expect(terminalKeyAction(key('c', { ctrlKey: true }), macSelected)).toBeNull();
    expect(terminalKeyAction(key('v', { ctrlKey: true }), mac)).toBeNull();
  });
});

describe('keys that send other bytes', () => {
  it('Shift+Enter sends ESC CR and Shift+Tab sends CSI Z, on every platform', () => {
    for (const context of [linux, mac]) {
      expect(terminalKeyAction(key('Enter', { shiftKey: true }), context)).toEqual({
        kind: 'send',
        data: '\x1b\r',
      });
      expect(terminalKeyAction(key('Tab', { shiftKey: true }), context)).toEqual({
        kind: 'send',
        data: '\x1b[Z',
      });
    }
    expect(SHIFT_ENTER_BYTES).toBe('\x1b\r');
    expect(SHIFT_TAB_BYTES).toBe('\x1b[Z');
  });

  it('plain Enter and Tab, and Ctrl+Shift+Enter, stay with xterm.js', () => {
    expect(terminalKeyAction(key('Enter'), linux)).toBeNull();
    expect(terminalKeyAction(key('Tab'), linux)).toBeNull();
    expect(terminalKeyAction(key('Enter', { shiftKey: true, ctrlKey: true }), linux)).toBeNull();
  });
});

describe('dashboard shortcuts', () => {
  it('Alt+digit and the other Alt shortcuts are the dashboard’s, not the program’s', () => {
    expect(terminalKeyAction({ ...key('1', { altKey: true }), code: 'Digit1' }, linux)).toEqual({
      kind: 'shortcut',
    });
    expect(terminalKeyAction(key('n', { altKey: true }), mac)).toEqual({ kind: 'shortcut' });
    // Alt+x is not a shortcut: Meta-x for the program.
    expect(terminalKeyAction(key('x', { altKey: true }), linux)).toBeNull();
  });

  it('Ctrl+K (Cmd+K on a Mac) opens the search palette instead of reaching the program', () => {
    expect(terminalKeyAction(key('k', { ctrlKey: true }), linux)).toEqual({ kind: 'shortcut' });
    expect(terminalKeyAction(key('k', { metaKey: true }), mac)).toEqual({ kind: 'shortcut' });
    // On a Mac, Ctrl keeps its terminal meaning: Ctrl+K is the shell's kill-line.
    expect(terminalKeyAction(key('k', { ctrlKey: true }), mac)).toBeNull();
    // Ctrl+Shift+K and Ctrl+Alt+K stay the program's.
    expect(terminalKeyAction(key('k', { ctrlKey: true, shiftKey: true }), linux)).toBeNull();
    expect(terminalKeyAction(key('k', { ctrlKey: true, altKey: true }), linux)).toBeNull();
  });
});

describe('isMacPlatform', () => {
  it('knows macOS and iOS user agents from Linux and Windows ones', () => {
    expect(isMacPlatform('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)')).toBe(true);
    expect(isMacPlatform('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)')).toBe(true);
    expect(isMacPlatform('Mozilla/5.0 (X11; Linux x86_64)')).toBe(false);
    expect(isMacPlatform('Mozilla/5.0 (Windows NT 10.0; Win64; x64)')).toBe(false);
  });
});
