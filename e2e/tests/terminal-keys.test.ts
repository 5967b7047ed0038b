import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeInTerminal, waitForPrompt, waitForTerminal } from '../helpers/browser.ts';
import { openShellPage, type ShellPage } from '../helpers/shell-page.ts';
import { hexOf, installKeyReader, waitForBytes, withKeyReader } from '../helpers/key-reader.ts';
import { PROMPT } from '../helpers/stack.ts';
import { cursorCell } from '../helpers/terminal-mouse.ts';

describe('terminal keys: the bytes that reach the pty, character widths, the help', () => {
  let shell: ShellPage;
  let page: Page;
  let sessionId: string;
  let reader: string;

  beforeAll(async () => {
    shell = await openShellPage();
    ({ page, sessionId } = shell);
    reader = installKeyReader(shell.stack.userHome);
  });
  afterAll(() => shell?.close());

  it('Shift+Enter reaches the program as ESC CR, Enter as CR', async () => {
    await withKeyReader(page, sessionId, reader, async () => {
      await page.keyboard.press('Shift+Enter');
      await waitForBytes(page, sessionId, '1b0d');
      await page.keyboard.press('Enter');
      await waitForBytes(page, sessionId, '1b0d' + '0d');
    });
  });

  it('Shift+Tab reaches the program as CSI Z, Tab as HT', async () => {
    await withKeyReader(page, sessionId, reader, async () => {
      await page.keyboard.press('Shift+Tab');
      await waitForBytes(page, sessionId, hexOf('\x1b[Z'));
      await page.keyboard.press('Tab');
      await waitForBytes(page, sessionId, hexOf('\x1b[Z\t'));
      // The focus stayed in the terminal (Shift+Tab did not move it to the page).
      expect(
        await page.evaluate(() =>
          document.activeElement?.classList.contains('xterm-helper-textarea'),
        ),
      ).toBe(true);
    });
  });

  it('gives ✅ the two cells tmux gives it: in vim, $ puts the cursor on the last character', async () => {
    writeFileSync(join(shell.stack.userHome, 'emoji.txt'), '✅✅✅x\n');
    await typeInTerminal(page, sessionId, 'clear; vim -u NONE -N -n ~/emoji.txt\n');
    await waitForTerminal(page, sessionId, /^✅✅✅x\s*$/m, 30_000);
    expect((await cursorCell(page, sessionId)).chars).toBe('✅');
    await page.keyboard.type('$');
    await page.waitForFunction((id) => {
      const term = window.__rdv!.terminals.get(id)!.term as unknown as {
        buffer: { active: { cursorX: number } };
      };
      return term.buffer.active.cursorX > 0;
    }, sessionId);
    const cell = await cursorCell(page, sessionId);
    // tmux put the cursor on column 6 (three 2-cell emoji); xterm.js must hold the x there.
    expect(cell).toMatchObject({ x: 6, chars: 'x', width: 1 });
    await page.keyboard.type(':q!\n');
    await waitForPrompt(page, sessionId, PROMPT);
  });

  it('? outside the terminal opens the keyboard help, listing terminal keys and Alt shortcuts', async () => {
    await page.getByText('rdv', { exact: true }).first().click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const text = await help.innerText();
    for (const keys of ['Ctrl+Shift+C', 'Ctrl+V', 'Ctrl+Shift+F', 'Shift+Enter', 'Alt+N'])
      expect(text).toContain(keys);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // In the terminal, ? is the program's: it is typed, and no dialog opens.
    await typeInTerminal(page, sessionId, "echo 'what?'\n");
    await waitForTerminal(page, sessionId, /^what\?$/m);
    expect(await help.count()).toBe(0);
  });
});
