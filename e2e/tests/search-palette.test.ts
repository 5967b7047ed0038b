// The search palette in Chromium against the real stack: Ctrl+K from inside a terminal (the
// shell does not get it), sessions by name, and a text match that opens its session scrolled to
// the line, at desktop size and on a phone (where a button opens it).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { waitUntil } from '@rdv/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cursorLine,
  launchChromium,
  loggedInPage,
  newContext,
  typeInTerminal,
  visibleLines,
  waitForPrompt,
  waitForTerminal,
} from '../helpers/browser.ts';
import { phoneContext, PHONE_VIEWPORT } from '../helpers/phone.ts';
import { PROMPT, startStack, type Stack } from '../helpers/stack.ts';
import { selectionOf } from '../helpers/terminal-mouse.ts';

/** What the target session printed: the query twice, 300 lines apart, with more lines after. */
const FIRST_LINE = 'palette-found-42 first';
const SECOND_LINE = 'palette-found-42 second';

describe('the search palette (Ctrl+K)', () => {
  let stack: Stack;
  let browser: Browser;
  let targetId: string;
  let otherId: string;
  /** The session cookie of a login (the login URL works once), for each test's own context. */
  let cookies: Awaited<ReturnType<BrowserContext['cookies']>>;

  const openDashboard = async (context: BrowserContext): Promise<Page> => {
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(stack.baseUrl);
    await page.getByRole('button', { name: /^Toggle sidebar/ }).waitFor();
    return page;
  };

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    const login = await newContext(browser);
    await loggedInPage(login, stack.loginUrl!, stack.baseUrl);
    cookies = await login.cookies();
    await login.close();
    const create = async (name: string) =>
      (
        await stack.call<{ id: string }>('mutation', 'sessions.create', {
          name,
          cols: 100,
          rows: 30,
        })
      ).id;
    targetId = await create('target');
    otherId = await create('other');
    // Computed text: the typed command line does not hold the match, only the output does. The
    // lines after each match push it out of the screen, so opening one must scroll, to that one.
    await stack.call('mutation', 'sessions.exec', {
      id: targetId,
      text: 'seq 1 150; echo palette-found-$((6*7)) first; seq 151 450; echo palette-found-$((6*7)) second; seq 451 600',
    });
    await waitUntil(
      async () =>
        /^600$/m.test(
          (
            await stack.call<{ text: string }>('query', 'sessions.scrollback', {
              id: targetId,
              lines: 20,
            })
          ).text,
        ),
      'the target session to print its 600 lines',
      30_000,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const palette = (page: Page) => page.getByRole('dialog', { name: 'Search sessions' });
  const field = (page: Page) =>
    palette(page).getByRole('combobox', { name: /Search sessions, folders/ });
  const options = (page: Page) => palette(page).getByRole('option');

  /** The target's terminal shows this match (not the other) on screen, selected, with the find bar on it. */
  async function expectRevealed(page: Page, shown: string, hidden: string): Promise<void> {
    await page.waitForFunction((id) => location.hash === `#session=${id}`, targetId);
    await waitForTerminal(page, targetId, '600');
    const findField = page
      .locator(`[data-session="${targetId}"]`)
      .getByRole('search', { name: 'Find in terminal' })
      .getByRole('textbox', { name: 'Find' });
    await findField.waitFor();
    expect(await findField.inputValue()).toBe('palette-found-42');
    expect(await findField.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect
      .poll(() => selectionOf(page, targetId), { timeout: 10_000 })
      .toBe('palette-found-42');
    const visible = await visibleLines(page, targetId);
    expect(visible).toContain(shown);
    expect(visible).not.toContain(hidden);
    // It was scrolled to: the bottom of the output is not what is on screen.
    expect(visible).not.toContain('600');
    // The selection ends up on the chosen line, not on the other occurrence of the query (a
    // phone resizes the pane when its terminal takes the focus; the match is shown again then).
    const selectedRow = () =>
      page.evaluate((id) => {
        const term = window.__rdv!.terminals.get(id)!.term as unknown as {
          getSelectionPosition(): { start: { y: number } } | undefined;
          buffer: {
            active: {
              getLine(y: number): { translateToString(trim: boolean): string } | undefined;
            };
          };
        };
        const row = term.getSelectionPosition()?.start.y;
        return row === undefined
          ? ''
          : (term.buffer.active.getLine(row)?.translateToString(true) ?? '');
      }, targetId);
    await expect.poll(selectedRow, { timeout: 10_000 }).toBe(shown);
    expect(await visibleLines(page, targetId)).toContain(shown);
  }

  it('at desktop size: Ctrl+K in a terminal opens it, a session opens by name, Enter on a text match scrolls to it', async () => {
    const context = await newContext(browser);
    const page = await openDashboard(context);
    try {
      // A session by name: the palette lists sessions as you type, Enter opens the selected one.
      await page.keyboard.press('Control+K');
      await field(page).waitFor();
      expect(await field(page).evaluate((el) => el === document.activeElement)).toBe(true);
      await field(page).fill('oth');
      await expect.poll(() => options(page).first().innerText()).toMatch(/^other\s/);
      expect(await options(page).first().getAttribute('aria-selected')).toBe('true');
      await field(page).press('Enter');
      await palette(page).waitFor({ state: 'detached' });
      await page.waitForFunction((id) => location.hash === `#session=${id}`, otherId);
      await waitForPrompt(page, otherId, PROMPT);

      // Ctrl+K from inside the terminal: the dashboard gets it, the shell does not (bash would
      // kill the line from the cursor: the command typed before it must survive).
      await typeInTerminal(page, otherId, 'echo kept-$((6*7))');
      await page.keyboard.press('Home');
      await page.keyboard.press('Control+K');
      await field(page).waitFor();
      await field(page).press('Escape');
      await palette(page).waitFor({ state: 'detached' });
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await waitForTerminal(page, otherId, /^kept-42$/m);
      await waitForPrompt(page, otherId, PROMPT);
      expect(await cursorLine(page, otherId)).toBe(PROMPT.trimEnd());

      // Text matches: found by search.query, top to bottom; the arrows pick the second one.
      await page.keyboard.press('Control+K');
      // A regular expression that does not compile: the reason, not a list of nothing.
      const regexToggle = palette(page).getByRole('button', { name: 'Regular expression' });
      await regexToggle.click();
      await field(page).fill('(unclosed');
      await expect
        .poll(() => palette(page).getByRole('status').innerText(), { timeout: 20_000 })
        .toMatch(/^invalid regular expression/);
      await regexToggle.click();
      expect(await regexToggle.getAttribute('aria-pressed')).toBe('false');
      await field(page).fill('palette-found-42');
      const first = options(page).filter({ hasText: FIRST_LINE });
      const second = options(page).filter({ hasText: SECOND_LINE });
      await second.waitFor({ timeout: 20_000 });
      expect(await options(page).count()).toBe(2);
      expect(await second.innerText()).toMatch(/^target · line \d+/);
      expect(await second.locator('mark').innerText()).toBe('palette-found-42');
      expect(await first.getAttribute('aria-selected')).toBe('true');
      await field(page).press('ArrowDown');
      expect(await second.getAttribute('aria-selected')).toBe('true');
      await field(page).press('ArrowDown');
      expect(await first.getAttribute('aria-selected')).toBe('true');
      await field(page).press('ArrowUp');
      expect(await second.getAttribute('aria-selected')).toBe('true');
      await field(page).press('Enter');
      await palette(page).waitFor({ state: 'detached' });
      await expectRevealed(page, SECOND_LINE, FIRST_LINE);
    } finally {
      await context.close();
    }
  });

  it('on a phone: the search button opens it, a tap on a text match scrolls to it, nothing scrolls sideways', async () => {
    const context = await phoneContext(browser);
    const page = await openDashboard(context);
    try {
      const button = page.getByRole('button', { name: /^Search \((Ctrl|Cmd)\+K\)$/ });
      await button.waitFor();
      await button.tap();
      await field(page).fill('palette-found-42');
      const match = options(page).filter({ hasText: FIRST_LINE });
      await match.waitFor({ timeout: 20_000 });
      const box = await palette(page).boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        window: window.innerWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.window);
      await match.tap();
      await palette(page).waitFor({ state: 'detached' });
      await expectRevealed(page, FIRST_LINE, SECOND_LINE);
    } finally {
      await context.close();
    }
  });
});
