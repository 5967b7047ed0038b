// Output and keystrokes go from the connection straight into xterm.js: React does not render the
// terminal component for them. A render per output message would be work on the page's main
// thread for every echo (bench/web.ts measures keystroke → glyph).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  loggedInPage,
  newContext,
  typeInTerminal,
  waitForPrompt,
  waitForTerminal,
} from '../helpers/browser.ts';
import { COUNT_TERMINAL_RENDERS, terminalRenders } from '../helpers/react-renders.ts';
import { PROMPT, startStack, type Stack } from '../helpers/stack.ts';

/** Output lines, each printed on its own (a pause between them), so each comes as a message. */
const LINES = 120;

describe('the terminal component and the stream', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    const context = await newContext(browser);
    await context.addInitScript(COUNT_TERMINAL_RENDERS);
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
  });
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  });

  it('keys and a stream of output messages do not render it; its own state change does', async () => {
    const { id } = await stack.call<{ id: string }>('mutation', 'sessions.create', {
      kind: 'shell',
    });
    await page.goto(`${stack.baseUrl}/#session=${id}`);
    await page.locator(`[data-session="${id}"][data-state="live"]`).waitFor();
    await waitForPrompt(page, id, PROMPT);
    const messages = () =>
      page.evaluate((sid) => window.__rdv!.terminals.get(sid)!.stats.messages ?? 0, id);
    // Mounted, connected and live: the counter sees the component's renders.
    expect(await terminalRenders(page, id)).toBeGreaterThan(0);
    const rendersBefore = await terminalRenders(page, id);
    const messagesBefore = await messages();

    await typeInTerminal(
      page,
      id,
      `for i in $(seq 1 ${LINES}); do echo line-$i; sleep 0.02; done; echo end-$((6*7))\n`,
    );
    await waitForTerminal(page, id, /^end-42$/m, 60_000);
    await waitForPrompt(page, id, PROMPT);
    // Each typed key's echo and each line arrived as messages of their own...
    expect((await messages()) - messagesBefore).toBeGreaterThan(LINES);
    // ...and none of them rendered the terminal component. (The dashboard around it may render
    // it once or twice meanwhile, e.g. when the session's status changes: not per message.)
    expect((await terminalRenders(page, id)) - rendersBefore).toBeLessThan(5);

    // No endless animation runs on the page: with one, Chromium draws a frame every interval,
    // and each echo waits for the next one.
    expect(
      await page.evaluate(() =>
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().endTime === Infinity)
          .map((a) => (a as CSSAnimation).animationName ?? 'a transition'),
      ),
    ).toEqual([]);

    // The counter is live: the find bar opening is a state change of the component itself.
    await page.keyboard.press('Control+Shift+F');
    await page.getByRole('search', { name: 'Find in terminal' }).waitFor();
    expect(await terminalRenders(page, id)).toBeGreaterThan(rendersBefore);
  });
});
