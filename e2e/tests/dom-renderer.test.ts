// The DOM renderer (`?renderer=dom`, and what xterm falls back to when WebGL cannot start or
// loses its context): the terminal works, and its cursor does not blink, because xterm's DOM
// renderer restarts the blink's CSS animation on every keystroke and that cost each echo a
// whole frame (bench/web.ts: keystroke → glyph 31.1 ms p50 with the blink, 13.8 ms without).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  loggedInPage,
  newContext,
  typeInTerminal,
  waitForTerminal,
} from '../helpers/browser.ts';
import { PROMPT, startStack, type Stack } from '../helpers/stack.ts';

describe('the DOM renderer', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    page = await loggedInPage(await newContext(browser), stack.loginUrl!, stack.baseUrl);
  });
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  });

  it('draws the terminal in the DOM with a steady cursor, and typing echoes', async () => {
    const { id } = await stack.call<{ id: string }>('mutation', 'sessions.create', {
      kind: 'shell',
    });
    await page.goto(`${stack.baseUrl}/?renderer=dom#session=${id}`);
    const terminal = page.locator(`[data-session="${id}"]`);
    await page.locator(`[data-session="${id}"][data-renderer="dom"]`).waitFor();
    await waitForTerminal(page, id, PROMPT.trim());
    // Rows are DOM elements, not a canvas.
    expect(await terminal.locator('.xterm-rows > div').count()).toBeGreaterThan(0);
    expect(await terminal.locator('.xterm-screen canvas').count()).toBe(0);
    await typeInTerminal(page, id, 'echo dom-$((6*7))\n');
    await waitForTerminal(page, id, /^dom-42$/m);
    // No blink: no CSS animation runs on the cursor (with the blink on, xterm runs one).
    const animations = await page.evaluate(() =>
      document.getAnimations().map((animation) => (animation as CSSAnimation).animationName ?? ''),
    );
    expect(animations.filter((name) => name.includes('blink'))).toEqual([]);
    expect(await terminal.locator('.xterm-cursor').count()).toBeGreaterThan(0);
  });
});
