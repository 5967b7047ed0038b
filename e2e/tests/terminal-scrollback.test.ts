import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeInTerminal, waitForPrompt, waitForTerminal } from '../helpers/browser.ts';
import { openShellPage, type ShellPage } from '../helpers/shell-page.ts';
import { PROMPT, type Stack } from '../helpers/stack.ts';
import { rdvTmux } from '@rdv/test-support/rdv-tmux';

interface Viewport {
  viewportY: number;
  baseY: number;
  rows: number;
  top: string[];
}

/** Where the terminal is scrolled to, and the lines at the top of what it shows. */
function viewport(page: Page, sessionId: string): Promise<Viewport> {
  return page.evaluate((id) => {
    const term = window.__rdv!.terminals.get(id)!.term as unknown as {
      rows: number;
      buffer: {
        active: {
          viewportY: number;
          baseY: number;
          getLine(y: number): { translateToString(trim: boolean): string } | undefined;
        };
      };
    };
    const buffer = term.buffer.active;
    const top: string[] = [];
    for (let y = 0; y < 3; y += 1)
      top.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return { viewportY: buffer.viewportY, baseY: buffer.baseY, rows: term.rows, top };
  }, sessionId);
}

describe('scrollback in a shell: the real history, scrolled like a terminal', () => {
  let shell: ShellPage;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let sessionId: string;

  const paneInMode = () => rdvTmux(stack.home, 'display', '-p', '-t', `=rdv-${sessionId}:`, '#{pane_in_mode}').trim();

  beforeAll(async () => {
    shell = await openShellPage({ viewport: { width: 1440, height: 900 } });
    ({ stack, browser, page, sessionId } = shell);
    await typeInTerminal(page, sessionId, 'seq 1 5000\n');
    await waitForTerminal(page, sessionId, /^5000$/m, 60_000);
    await waitForPrompt(page, sessionId, PROMPT);
  });
  afterAll(() => shell?.close());

  it('holds every line of `seq 1 5000` once, in order, as sessions.scrollback has them', async () => {
    const text = await page.evaluate((id) => window.__rdv!.text(id), sessionId);
    const lines = text.split('\n');
    const first = lines.indexOf('1');
    expect(lines.slice(first, first + 5000)).toEqual(
      Array.from({ length: 5000 }, (_, i) => String(i + 1)),
    );
    const history = await stack.call<{ lines: string[] } | { text: string } | string>(
      'query',
      'sessions.scrollback',
      { id: sessionId, lines: 6000 },
    );
    const daemonText =
      typeof history === 'string'
        ? history
        : 'text' in history
          ? history.text
          : history.lines.join('\n');
    const daemonLines = daemonText.split('\n').map((l) => l.trimEnd());
    const from = daemonLines.indexOf('1');
    expect(daemonLines.slice(from, from + 5000)).toEqual(lines.slice(first, first + 5000));
  });

  it('the scrollbar reaches line 1; the wheel and Shift+PageUp/PageDown scroll; no tmux mode is entered', async () => {
    const box = page.locator(`[data-session="${sessionId}"] .xterm`);
    await box.hover();
    // Drag the scrollbar's slider to the very top.
    const slider = page.locator(
      `[data-session="${sessionId}"] .xterm-scrollable-element > .scrollbar.vertical > .slider`,
    );
    const handle = await slider.boundingBox();
    expect(handle).not.toBeNull();
    await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle!.x + handle!.width / 2, 0, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => (await viewport(page, sessionId)).viewportY).toBe(0);
    const atTop = await viewport(page, sessionId);
    expect(atTop.top).toContain('1'); // line 1 of seq, under the command that printed it

    // The wheel scrolls xterm's own buffer (the shell did not ask for the mouse).
    await page.mouse.move(400, 400);
    await page.mouse.wheel(0, 600);
    await expect.poll(async () => (await viewport(page, sessionId)).viewportY).toBeGreaterThan(0);
    const afterWheel = (await viewport(page, sessionId)).viewportY;
    await page.keyboard.press('Shift+PageDown');
    await expect
      .poll(async () => (await viewport(page, sessionId)).viewportY)
      .toBeGreaterThan(afterWheel);
    const afterPageDown = (await viewport(page, sessionId)).viewportY;
    await page.keyboard.press('Shift+PageUp');
    await expect
      .poll(async () => (await viewport(page, sessionId)).viewportY)
      .toBeLessThan(afterPageDown);
    expect(paneInMode()).toBe('0');

    // Typing goes to the program and brings the view back to the bottom.
    await page.keyboard.type('echo back-$((40+2))\n');
    await waitForTerminal(page, sessionId, /^back-42$/m);
    const end = await viewport(page, sessionId);
    expect(end.viewportY).toBe(end.baseY);
    expect(paneInMode()).toBe('0');
  });

  it('a touch drag scrolls the history on a phone', async () => {
    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 3,
    });
    await phoneContext.addCookies(await page.context().cookies());
    const phone = await phoneContext.newPage();
    try {
      await phone.goto(`${stack.baseUrl}/#session=${sessionId}`);
      await phone.locator(`[data-session="${sessionId}"][data-state="live"]`).waitFor();
      await waitForTerminal(phone, sessionId, /^back-42$/m);
      const before = await viewport(phone, sessionId);
      expect(before.viewportY).toBe(before.baseY);
      const box = (await phone
        .locator(`[data-session="${sessionId}"] .xterm-screen`)
        .boundingBox())!;
      // The terminal has the pane's size (the desktop's), wider than the phone: touch inside the screen.
      const x = Math.min(box.x + box.width / 2, 195);
      const cdp = await phoneContext.newCDPSession(phone);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y: number) =>
        cdp.send('Input.dispatchTouchEvent', {
          type,
          touchPoints: type === 'touchEnd' ? [] : [{ x, y }],
        });
      // Finger down near the top, moved down: the content follows it, showing older lines.
      let y = box.y + 40;
      await touch('touchStart', y);
      for (let i = 0; i < 12; i += 1) {
        y += 25;
        await touch('touchMove', y);
      }
      await touch('touchEnd', y);
      await expect
        .poll(async () => (await viewport(phone, sessionId)).viewportY)
        .toBeLessThan(before.baseY);
    } finally {
      await phoneContext.close();
    }
  });
});
