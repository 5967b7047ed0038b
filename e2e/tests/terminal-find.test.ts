import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  typeInTerminal,
  visibleLines,
  waitForPrompt,
  waitForTerminal,
} from '../helpers/browser.ts';
import { openShellPage, type ShellPage } from '../helpers/shell-page.ts';
import { PROMPT } from '../helpers/stack.ts';
import { selectionOf } from '../helpers/terminal-mouse.ts';

describe('the terminal find bar (Ctrl+Shift+F)', () => {
  let shell: ShellPage;
  let page: Page;
  let sessionId: string;

  const findBar = () => page.getByRole('search', { name: 'Find in terminal' });
  const findField = () => findBar().getByRole('textbox', { name: 'Find' });
  const count = () => findBar().getByRole('status');
  const terminalHasFocus = () =>
    page.evaluate((id) => {
      const active = document.activeElement;
      return (
        active?.classList.contains('xterm-helper-textarea') === true &&
        active.closest(`[data-session="${id}"]`) !== null
      );
    }, sessionId);

  beforeAll(async () => {
    shell = await openShellPage();
    ({ page, sessionId } = shell);
  });
  afterAll(() => shell?.close());

  it('finds text on the screen; Match case narrows it; Esc closes and gives the keys back', async () => {
    // Quotes split the words in the typed command: only the output matches.
    await typeInTerminal(page, sessionId, 'echo Find""Me and find""me\n');
    await waitForTerminal(page, sessionId, /^FindMe and findme$/m);
    await page.keyboard.press('Control+Shift+F');
    await findField().waitFor();
    expect(await findField().evaluate((el) => el === document.activeElement)).toBe(true);

    await findField().fill('findme');
    await expect.poll(() => count().innerText()).toMatch(/^[12] of 2$/);
    await findBar().getByRole('button', { name: 'Match case' }).click();
    await expect.poll(() => count().innerText()).toBe('1 of 1');
    expect(await selectionOf(page, sessionId)).toBe('findme');
    await findField().fill('no-such-text');
    await expect.poll(() => count().innerText()).toBe('no results');

    await findField().press('Escape');
    await findBar().waitFor({ state: 'detached' });
    expect(await terminalHasFocus()).toBe(true);
  });

  it('after seq 1 5000 it finds 4321 in the history, and typing runs commands again', async () => {
    await typeInTerminal(page, sessionId, 'clear; seq 1 5000\n');
    await waitForTerminal(page, sessionId, /^4999\n5000$/m, 60_000);
    await waitForPrompt(page, sessionId, PROMPT);

    await page.keyboard.press('Control+Shift+F');
    await findField().fill('4321');
    await findField().press('Enter');
    await expect.poll(() => count().innerText(), { timeout: 10_000 }).toBe('1 of 1');
    // The addon selects the match and scrolls it into view.
    expect(await selectionOf(page, sessionId)).toBe('4321');
    const visible = await visibleLines(page, sessionId);
    expect(visible).toContain('4321');

    // Shift+Enter goes back to the same single match.
    await findField().press('Shift+Enter');
    expect(await selectionOf(page, sessionId)).toBe('4321');

    await findField().press('Escape');
    await findBar().waitFor({ state: 'detached' });
    expect(await terminalHasFocus()).toBe(true);
    await page.keyboard.type('echo back\n');
    await waitForTerminal(page, sessionId, /^back$/m);
    await waitForPrompt(page, sessionId, PROMPT);
  });
});
