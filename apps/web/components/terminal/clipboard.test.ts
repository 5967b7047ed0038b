import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClipboardSelectionType } from '@xterm/addon-clipboard';
import { osc52Clipboard, writeClipboard } from './clipboard';

/** A fake system clipboard on a fake `navigator` (Node 20 has neither). */
let written: string[];
let refuse: boolean;
const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

beforeEach(() => {
  written = [];
  refuse = false;
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: {
      clipboard: {
        writeText: (text: string) =>
          refuse
            ? Promise.reject(new Error('not focused'))
            : (written.push(text), Promise.resolve()),
        readText: () => Promise.resolve('secret the user copied'),
      },
    },
  });
  // The copy-command fallback: a document whose execCommand fails, as without a user gesture.
  Object.defineProperty(globalThis, 'document', {
    configurable: true,
    value: {
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      execCommand: () => false,
    },
  });
});
afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'navigator', original);
  else Reflect.deleteProperty(globalThis, 'navigator');
  Reflect.deleteProperty(globalThis, 'document');
});

const selection = (s: string) => s as ClipboardSelectionType;

describe('OSC 52 clipboard provider', () => {
  it('writes the system clipboard for c, s and the empty (default) selection', async () => {
    await osc52Clipboard.writeText(selection('c'), 'one');
    await osc52Clipboard.writeText(selection(''), 'two');
    await osc52Clipboard.writeText(selection('s'), 'three');
    await osc52Clipboard.writeText(selection('pc'), 'four');
    expect(written).toEqual(['one', 'two', 'three', 'four']);
  });

  it('ignores the X11 primary selection alone', async () => {
    await osc52Clipboard.writeText(selection('p'), 'primary');
    expect(written).toEqual([]);
  });

  it('never lets a program read the clipboard', async () => {
    expect(await osc52Clipboard.readText(selection('c'))).toBe('');
  });

  it('does not reject when the browser refuses the write (xterm.js waits on the promise)', async () => {
    refuse = true;
    await expect(osc52Clipboard.writeText(selection('c'), 'x')).resolves.toBeUndefined();
    expect(written).toEqual([]);
  });
});

describe('writeClipboard', () => {
  it('says whether the text reached the clipboard', async () => {
    expect(await writeClipboard('ok')).toBe(true);
    refuse = true;
    expect(await writeClipboard('refused')).toBe(false);
    expect(written).toEqual(['ok']);
  });
});
