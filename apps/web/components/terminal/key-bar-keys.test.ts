import { describe, expect, it } from 'vitest';
import { applyModifiers, barKeyBytes, ctrlCode } from './key-bar-keys';
import { OneShotModifiers } from './one-shot-modifiers';

const CTRL = { ctrl: true, alt: false };
const ALT = { ctrl: false, alt: true };
const BOTH = { ctrl: true, alt: true };

describe('barKeyBytes', () => {
  it('sends what a native terminal sends for each bar key', () => {
    expect(barKeyBytes('escape')).toBe('\x1b');
    expect(barKeyBytes('tab')).toBe('\t');
    expect(barKeyBytes('backtab')).toBe('\x1b[Z');
    expect(barKeyBytes('ctrl-c')).toBe('\x03');
    expect(barKeyBytes('ctrl-d')).toBe('\x04');
    expect(barKeyBytes('enter')).toBe('\r');
    expect(barKeyBytes('up')).toBe('\x1b[A');
    expect(barKeyBytes('down')).toBe('\x1b[B');
    expect(barKeyBytes('right')).toBe('\x1b[C');
    expect(barKeyBytes('left')).toBe('\x1b[D');
  });

  it('follows application cursor mode (vim, less) for the arrows', () => {
    expect(barKeyBytes('up', undefined, { applicationCursor: true })).toBe('\x1bOA');
    expect(barKeyBytes('left', undefined, { applicationCursor: true })).toBe('\x1bOD');
  });

  it('gives arrows xterm’s modifier form, whatever the cursor mode', () => {
    expect(barKeyBytes('up', CTRL)).toBe('\x1b[1;5A');
    expect(barKeyBytes('left', ALT, { applicationCursor: true })).toBe('\x1b[1;3D');
    expect(barKeyBytes('right', BOTH)).toBe('\x1b[1;7C');
  });

  it('prefixes ESC for Alt on the other keys; Ctrl leaves control keys alone', () => {
    expect(barKeyBytes('enter', ALT)).toBe('\x1b\r');
    expect(barKeyBytes('escape', ALT)).toBe('\x1b\x1b');
    expect(barKeyBytes('backtab', ALT)).toBe('\x1b\x1b[Z');
    expect(barKeyBytes('tab', CTRL)).toBe('\t');
    expect(barKeyBytes('ctrl-c', CTRL)).toBe('\x03');
  });
});

describe('ctrlCode', () => {
  it('maps letters of either case to C0 codes', () => {
    expect(ctrlCode('c')).toBe('\x03');
    expect(ctrlCode('C')).toBe('\x03');
    expect(ctrlCode('a')).toBe('\x01');
    expect(ctrlCode('z')).toBe('\x1a');
  });

  it('maps the punctuation and digit aliases of a VT keyboard', () => {
    expect(ctrlCode('@')).toBe('\x00');
    expect(ctrlCode(' ')).toBe('\x00');
    expect(ctrlCode('[')).toBe('\x1b');
    expect(ctrlCode('\\')).toBe('\x1c');
    expect(ctrlCode(']')).toBe('\x1d');
    expect(ctrlCode('^')).toBe('\x1e');
    expect(ctrlCode('_')).toBe('\x1f');
    expect(ctrlCode('?')).toBe('\x7f');
    expect(ctrlCode('2')).toBe('\x00');
    expect(ctrlCode('8')).toBe('\x7f');
  });

  it('has no meaning for other characters', () => {
    expect(ctrlCode('é')).toBeUndefined();
    expect(ctrlCode('1')).toBeUndefined();
    expect(ctrlCode('ab')).toBeUndefined();
  });
});

describe('applyModifiers', () => {
  it('turns the next typed letter into a control code (Ctrl, then c → ^C)', () => {
    expect(applyModifiers('c', CTRL)).toBe('\x03');
  });

  it('prefixes ESC for Alt, and both combine', () => {
    expect(applyModifiers('b', ALT)).toBe('\x1bb');
    expect(applyModifiers('x', BOTH)).toBe('\x1b\x18');
  });

  it('modifies only the first character of a word the soft keyboard sent at once', () => {
    expect(applyModifiers('dir', CTRL)).toBe('\x04ir');
    expect(applyModifiers('😀x', ALT)).toBe('\x1b😀x');
  });

  it('keeps a character Ctrl has no meaning for', () => {
    expect(applyModifiers('é', CTRL)).toBe('é');
  });

  it('gives a hardware cursor key xterm’s modifier form', () => {
    expect(applyModifiers('\x1b[A', CTRL)).toBe('\x1b[1;5A');
    expect(applyModifiers('\x1bOD', ALT)).toBe('\x1b[1;3D');
    expect(applyModifiers('\x1b[H', CTRL)).toBe('\x1b[1;5H');
  });

  it('leaves pastes and unmodified input alone', () => {
    expect(applyModifiers('\x1b[200~ls\x1b[201~', CTRL)).toBe('\x1b[200~ls\x1b[201~');
    expect(applyModifiers('c', { ctrl: false, alt: false })).toBe('c');
  });
});

describe('OneShotModifiers', () => {
  it('applies a tapped modifier to the next key only', () => {
    const mods = new OneShotModifiers();
    mods.tap('ctrl');
    expect(mods.apply('c')).toBe('\x03');
    expect(mods.apply('c')).toBe('c');
    expect(mods.current).toEqual({ ctrl: 'off', alt: 'off' });
  });

  it('locks on a second tap and releases on a third', () => {
    const mods = new OneShotModifiers();
    mods.tap('alt');
    mods.tap('alt');
    expect(mods.apply('a')).toBe('\x1ba');
    expect(mods.apply('b')).toBe('\x1bb');
    mods.tap('alt');
    expect(mods.apply('c')).toBe('c');
  });

  it('releases a one-shot modifier but keeps a locked one after a key', () => {
    const mods = new OneShotModifiers();
    mods.tap('ctrl');
    mods.tap('ctrl');
    mods.tap('alt');
    expect(mods.take()).toEqual({ ctrl: true, alt: true });
    expect(mods.current).toEqual({ ctrl: 'locked', alt: 'off' });
  });

  it('is not used up by a paste', () => {
    const mods = new OneShotModifiers();
    mods.tap('ctrl');
    expect(mods.apply('\x1b[200~x\x1b[201~')).toBe('\x1b[200~x\x1b[201~');
    expect(mods.current.ctrl).toBe('once');
  });

  it('tells listeners of each change, until disposed', () => {
    const mods = new OneShotModifiers();
    const seen: string[] = [];
    const listener = mods.onChange((levels) => seen.push(`${levels.ctrl}/${levels.alt}`));
    mods.tap('ctrl');
    mods.apply('x');
    mods.apply('y'); // nothing armed: no change to report
    listener.dispose();
    mods.tap('alt');
    expect(seen).toEqual(['once/off', 'off/off']);
  });
});
