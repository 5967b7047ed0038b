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

/** What the target session printed: the match, with 300 lines before and after it. */
const MATCH_LINE = 'palette-found-42 here';

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
    const create = async (name: string) => (await stack.call<{ id: string }>('mutation', 'sessions.create', { name, cols: 100, rows: 30 })).id;
    targetId = await create('target');
    otherId = await create('other');
    // Computed text: the typed command line does not hold the match, only the output does; 300
    // lines after it push it out of the screen, so opening it must scroll.
    await stack.call('mutation', 'sessions.exec', { id: targetId, text: 'seq 1 300; echo palette-found-$((6*7)) here; seq 301 600' });
    await waitUntil(
      async () => /^600$/m.test((await stack.call<{ text: string }>('query', 'sessions.scrollback', { id: targetId, lines: 20 })).text),
      'the target session to print its 600 lines',
      30_000,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const palette = (page: Page) => page.getByRole('dialog', { name: 'Search sessions' });
  const field = (page: Page) => palette(page).getByRole('combobox', { name: /Search sessions, folders/ });
  const options = (page: Page) => palette(page).getByRole('option');

  /** The target's terminal shows the match on screen, selected, with the find bar searching it. */
  async function expectRevealed(page: Page): Promise<void> {
    await page.waitForFunction((id) => location.hash === `#session=${id}`, targetId);
    await waitForTerminal(page, targetId, '600');
    const findField = page.locator(`[data-session="${targetId}"]`).getByRole('search', { name: 'Find in terminal' }).getByRole('textbox', { name: 'Find' });
    await findField.waitFor();
    expect(await findField.inputValue()).toBe('palette-found-42');
    await expect.poll(() => selectionOf(page, targetId), { timeout: 10_000 }).toBe('palette-found-42');
    const visible = await visibleLines(page, targetId);
    expect(visible).toContain(MATCH_LINE);
    // It was scrolled to: the bottom of the output is not what is on screen.
    expect(visible).not.toContain('600');
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

      // A text match: found by search.query, listed under the sessions, opened with Enter.
      await page.keyboard.press('Control+K');
      await field(page).fill('palette-found-42');
      const match = options(page).filter({ hasText: MATCH_LINE });
      await match.waitFor({ timeout: 20_000 });
      expect(await match.innerText()).toMatch(/^target · line \d+/);
      expect(await match.locator('mark').innerText()).toBe('palette-found-42');
      // The arrows move the selection (and wrap); the match is the only row here.
      await field(page).press('ArrowDown');
      await field(page).press('ArrowUp');
      expect(await match.getAttribute('aria-selected')).toBe('true');
      await field(page).press('Enter');
      await palette(page).waitFor({ state: 'detached' });
      await expectRevealed(page);
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
      const match = options(page).filter({ hasText: MATCH_LINE });
      await match.waitFor({ timeout: 20_000 });
      const box = await palette(page).boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, window: window.innerWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.window);
      await match.tap();
      await palette(page).waitFor({ state: 'detached' });
      await expectRevealed(page);
    } finally {
      await context.close();
    }
  });
});
