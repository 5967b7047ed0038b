import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeInTerminal, waitForPrompt, waitForTerminal } from '../helpers/browser.ts';
import { openShellPage, type ShellPage } from '../helpers/shell-page.ts';
import { hexOf, installKeyReader, waitForBytes, withKeyReader } from '../helpers/key-reader.ts';
import { PROMPT, type Stack } from '../helpers/stack.ts';
import {
  allowClipboard,
  dragOver,
  readPageClipboard,
  selectionOf,
  textOnScreen,
  writePageClipboard,
} from '../helpers/terminal-mouse.ts';

const hasSelection = (page: Page, sessionId: string) =>
  page.evaluate(
    (id) =>
      (
        window.__rdv!.terminals.get(id)!.term as unknown as { hasSelection(): boolean }
      ).hasSelection(),
    sessionId,
  );

describe('selection, copy and paste in the browser terminal', () => {
  let shell: ShellPage;
  let stack: Stack;
  let page: Page;
  let sessionId: string;
  let reader: string;

  /** Waits until the system clipboard holds `text`. */
  const waitForClipboard = (text: string) =>
    expect.poll(() => readPageClipboard(page), { timeout: 10_000, interval: 100 }).toBe(text);

  beforeAll(async () => {
    shell = await openShellPage({
      beforeLogin: (ctx, started) => allowClipboard(ctx, started.baseUrl),
    });
    ({ stack, page, sessionId } = shell);
    reader = installKeyReader(stack.userHome);
  });
  afterAll(() => shell?.close());

  it('a plain drag selects text in a shell', async () => {
    await typeInTerminal(page, sessionId, 'clear; echo plain-$((20+1))-drag\n');
    await waitForTerminal(page, sessionId, /^plain-21-drag$/m);
    await dragOver(page, sessionId, 'plain-21-drag');
    expect(await selectionOf(page, sessionId)).toBe('plain-21-drag');
  });

  it('Ctrl+Shift+C copies the selection and keeps it', async () => {
    await writePageClipboard(page, 'before');
    await dragOver(page, sessionId, 'plain-21-drag');
    await page.keyboard.press('Control+Shift+C');
    await waitForClipboard('plain-21-drag');
    expect(await selectionOf(page, sessionId)).toBe('plain-21-drag');
  });

  it('a program that asked for the mouse gets the clicks; Shift+drag still selects', async () => {
    await withKeyReader(page, sessionId, `${reader} mouse`, async () => {
      const { from } = await textOnScreen(page, sessionId, 'reader-ready');
      await page.mouse.click(from.x, from.y);
      // SGR mouse report: ESC [ < 0 ; column ; row M (press), then ... m (release).
      await waitForBytes(page, sessionId, new RegExp(`^${hexOf('\x1b[<0;')}`));
      expect(await hasSelection(page, sessionId)).toBe(false);

      await dragOver(page, sessionId, 'reader-ready', { shift: true });
      expect(await selectionOf(page, sessionId)).toBe('reader-ready');
    });
  });

  it('Ctrl+C copies and clears a selection without interrupting; with none it sends ^C', async () => {
    await typeInTerminal(page, sessionId, 'clear; echo ctrl-$((20+3))-c\n');
    await waitForTerminal(page, sessionId, /^ctrl-23-c$/m);
    // A half-typed command: ^C would throw it away.
    await page.keyboard.type('echo kept-$((40+2))');
    await dragOver(page, sessionId, 'ctrl-23-c');
    expect(await selectionOf(page, sessionId)).toBe('ctrl-23-c');
    await page.keyboard.press('Control+C');
    await waitForClipboard('ctrl-23-c');
    expect(await hasSelection(page, sessionId)).toBe(false);
    await page.keyboard.press('Enter');
    await waitForTerminal(page, sessionId, /^kept-42$/m);
    await waitForPrompt(page, sessionId, PROMPT);

    // Nothing selected now: Ctrl+C interrupts.
    await page.keyboard.type('sleep 300\n');
    await waitForTerminal(page, sessionId, /^rdv\$ sleep 300$/m);
    await page.keyboard.press('Control+C');
    await waitForPrompt(page, sessionId, PROMPT, 10_000);
    expect(await readPageClipboard(page)).toBe('ctrl-23-c');
  });

  it('Ctrl+V and Ctrl+Shift+V paste as bracketed paste when the program asked for it', async () => {
    await writePageClipboard(page, 'pasted-1');
    await withKeyReader(page, sessionId, reader, async () => {
      await page.keyboard.press('Control+V');
      const first = hexOf('\x1b[200~pasted-1\x1b[201~');
      await waitForBytes(page, sessionId, first);
      await writePageClipboard(page, 'pasted-2');
      await page.keyboard.press('Control+Shift+V');
      await waitForBytes(page, sessionId, first + hexOf('\x1b[200~pasted-2\x1b[201~'));
    });
  });

  it('a shell gets the pasted line to edit, not to run; Enter runs it', async () => {
    await writePageClipboard(page, 'echo pasted-$((3*3))');
    // Wait for the shell to have run `clear` and printed a marker: the prompt already on the
    // screen is the old one, and keys pasted while `clear` runs are echoed by the tty in front of
    // the next prompt.
    await typeInTerminal(page, sessionId, 'clear; echo paste-$((4+4))-ready\n');
    await waitForTerminal(page, sessionId, /^paste-8-ready$/m);
    await waitForPrompt(page, sessionId, PROMPT);
    await page.keyboard.press('Control+V');
    await waitForTerminal(page, sessionId, /^rdv\$ echo pasted-\$\(\(3\*3\)\)$/m);
    await page.keyboard.press('Enter');
    await waitForTerminal(page, sessionId, /^pasted-9$/m);
  });

  it('copy-on-select (Settings) copies what is selected, with no key', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const toggle = page.getByRole('checkbox', { name: /^Copy on select/ });
    await toggle.check();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await writePageClipboard(page, 'before');
    await typeInTerminal(page, sessionId, 'clear; echo on-$((50+5))-select\n');
    await waitForTerminal(page, sessionId, /^on-55-select$/m);
    await dragOver(page, sessionId, 'on-55-select');
    await waitForClipboard('on-55-select');
    // It is a setting of this browser: it survives a reload.
    await page.reload();
    await page.locator(`[data-session="${sessionId}"][data-state="live"]`).waitFor();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    expect(await page.getByRole('checkbox', { name: /^Copy on select/ }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: /^Copy on select/ }).uncheck();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
  });

  it('OSC 52 from a program (a vim or tmux yank) reaches the browser clipboard', async () => {
    await writePageClipboard(page, 'before');
    await typeInTerminal(
      page,
      sessionId,
      'clear; printf \'\\033]52;c;%s\\a\' "$(printf osc52-yank-7 | base64)"\n',
    );
    await waitForPrompt(page, sessionId, PROMPT);
    await waitForClipboard('osc52-yank-7');
  });

  it('right-click opens Copy / Paste / Select all / Find; Copy and Paste work', async () => {
    await typeInTerminal(page, sessionId, 'clear; echo menu-$((60+6))-copy\n');
    await waitForTerminal(page, sessionId, /^menu-66-copy$/m);
    await dragOver(page, sessionId, 'menu-66-copy');
    const { to } = await textOnScreen(page, sessionId, 'menu-66-copy');
    await page.mouse.click(to.x, to.y, { button: 'right' });
    const menu = page.getByRole('menu', { name: 'Terminal' });
    await menu.waitFor();
    const labels = await menu.getByRole('menuitem').allInnerTexts();
    for (const label of ['Copy', 'Paste', 'Select all', 'Find…'])
      expect(labels.some((l) => l.startsWith(label))).toBe(true);
    // The menu has the keyboard: Escape closes it and the terminal gets the keys back.
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });

    await page.mouse.click(to.x, to.y, { button: 'right' });
    await menu.getByRole('menuitem', { name: /^Copy/ }).click();
    await waitForClipboard('menu-66-copy');

    await writePageClipboard(page, 'echo from-menu-$((1+2))');
    await page.mouse.click(to.x, to.y, { button: 'right' });
    await menu.getByRole('menuitem', { name: /^Paste/ }).click();
    await menu.waitFor({ state: 'detached' });
    await waitForTerminal(page, sessionId, /^rdv\$ echo from-menu-\$\(\(1\+2\)\)$/m);
    await page.keyboard.press('Enter');
    await waitForTerminal(page, sessionId, /^from-menu-3$/m);

    await page.mouse.click(to.x, to.y, { button: 'right' });
    await menu.getByRole('menuitem', { name: /^Select all/ }).click();
    expect(await selectionOf(page, sessionId)).toContain('from-menu-3');
  });
});
