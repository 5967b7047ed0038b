import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createShellFromUi,
  cursorLine,
  waitForPrompt,
  launchChromium,
  loggedInPage,
  newContext,
  terminalText,
  typeInTerminal,
  waitForTerminal,
} from '../helpers/browser.ts';
import { PROMPT, startStack, type Stack } from '../helpers/stack.ts';

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('live terminals in the browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sessionId: string;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    context = await newContext(browser);
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
  });
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  });

  it('creates a shell session from the UI; what is typed runs and its output shows', async () => {
    sessionId = await createShellFromUi(page, PROMPT.trim());
    await page.locator(`[data-session-id="${sessionId}"]`).waitFor();
    await typeInTerminal(page, sessionId, 'echo hello-$((6*7))\n');
    await waitForTerminal(page, sessionId, /^hello-42$/m);
  });

  it('records the session and plays the recording back in the Recordings panel', async () => {
    await page.getByRole('button', { name: 'Recordings', exact: true }).click();
    const panel = page.getByTestId('recordings-panel');
    const toggle = panel.getByRole('checkbox', { name: /^Record/ });
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    // Controlled by the server state: checked once recordings.set and the list refresh are done.
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await typeInTerminal(page, sessionId, 'echo rec-$((2*21))\n');
    await waitForTerminal(page, sessionId, /^rec-42$/m);

    const card = panel.locator(`[data-recording="${sessionId}"]`);
    const player = panel.getByTestId('recording-player');
    const playerText = () =>
      page.evaluate(() => {
        const buffer = window.__rdvPlayer?.buffer.active;
        if (!buffer) return '';
        const lines: string[] = [];
        for (let i = 0; i < buffer.length; i += 1)
          lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
        return lines.join('\n');
      });
    // The recorder writes as output arrives; play again until the line is in the file.
    await expect
      .poll(
        async () => {
          await card.getByRole('button', { name: 'Play' }).click({ timeout: 5_000 });
          await page
            .locator(
              '[data-testid="recording-player"][data-state="playing"], [data-testid="recording-player"][data-state="done"]',
            )
            .waitFor({ timeout: 5_000 });
          const skip = player.getByRole('button', { name: 'Skip to end' });
          if (await skip.isEnabled()) await skip.click();
          await page
            .locator('[data-testid="recording-player"][data-state="done"]')
            .waitFor({ timeout: 5_000 });
          return playerText();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toMatch(/^rec-42$/m);
    await page.getByRole('button', { name: 'Recordings', exact: true }).click();
  });

  it('restores screen and history after a reload, without duplicates', async () => {
    await page.reload();
    await page.locator(`[data-session="${sessionId}"][data-state="live"]`).waitFor();
    const text = await waitForTerminal(page, sessionId, /^hello-42$/m);
    expect(count(text, /^hello-42$/gm)).toBe(1);
    expect(count(text, /echo hello-\$\(\(6\*7\)\)/g)).toBe(1);
    // And the stream goes on after the snapshot.
    await typeInTerminal(page, sessionId, 'echo after-reload-$((1+1))\n');
    const after = await waitForTerminal(page, sessionId, /^after-reload-2$/m);
    expect(count(after, /^hello-42$/gm)).toBe(1);
  });

  it('shows the same session in two browser tabs, both ways', async () => {
    const second = await context.newPage();
    await second.goto(`${stack.baseUrl}/#session=${sessionId}`);
    await second.locator(`[data-session="${sessionId}"][data-state="live"]`).waitFor();
    await waitForTerminal(second, sessionId, /^after-reload-2$/m);

    await typeInTerminal(page, sessionId, 'echo from-one-$((2+3))\n');
    await waitForTerminal(second, sessionId, /^from-one-5$/m);
    await typeInTerminal(second, sessionId, 'echo from-two-$((3+4))\n');
    await waitForTerminal(page, sessionId, /^from-two-7$/m);
    expect(count(await terminalText(second, sessionId), /^from-one-5$/gm)).toBe(1);
    await second.close();
  });

  it('follows the window size: stty size changes with the viewport', async () => {
    const sizeOf = async (marker: string) => {
      await typeInTerminal(page, sessionId, `echo ${marker} $(stty size)\n`);
      const text = await waitForTerminal(page, sessionId, new RegExp(`^${marker} \\d+ \\d+$`, 'm'));
      const match = new RegExp(`^${marker} (\\d+) (\\d+)$`, 'm').exec(text)!;
      return { rows: Number(match[1]), cols: Number(match[2]) };
    };
    const termSize = () =>
      page.evaluate((id) => {
        const t = window.__rdv!.terminals.get(id)!.term;
        return { rows: t.rows, cols: t.cols };
      }, sessionId);

    const before = await sizeOf('size-a');
    expect(before).toEqual(await termSize());

    await page.setViewportSize({ width: 900, height: 560 });
    await page.waitForFunction(([id, cols]) => window.__rdv!.terminals.get(id)!.term.cols < cols, [
      sessionId,
      before.cols,
    ] as const);
    // The daemon hears of the new size after a short debounce: poll until stty agrees.
    let after = await sizeOf('size-b');
    for (let i = 0; i < 20 && after.cols === before.cols; i += 1)
      after = await sizeOf(`size-c${i}`);
    expect(after).toEqual(await termSize());
    expect(after.cols).toBeLessThan(before.cols);
    expect(after.rows).toBeLessThan(before.rows);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('keeps up with seq 1 100000, and Ctrl-C stops yes with a prompt within a second', async () => {
    await typeInTerminal(page, sessionId, 'clear; seq 1 100000\n');
    await waitForTerminal(page, sessionId, /^99999\n100000\n/m, 60_000);
    await waitForPrompt(page, sessionId, PROMPT);

    await typeInTerminal(page, sessionId, 'yes\n');
    const before = await page.evaluate(
      (id) => window.__rdv!.terminals.get(id)!.stats.bytes!,
      sessionId,
    );
    // Let it flood; the page must stay responsive meanwhile (a frozen tab fails these evaluates).
    await page.waitForFunction(
      ([id, bytes]) => window.__rdv!.terminals.get(id)!.stats.bytes! > bytes + 200_000,
      [sessionId, before] as const,
    );
    const start = Date.now();
    while (Date.now() - start < 1_000) {
      expect(await page.evaluate(() => 1 + 1)).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await cursorLine(page, sessionId)).toMatch(/^y*$/);

    const pressed = Date.now();
    await page.keyboard.press('Control+C');
    await waitForPrompt(page, sessionId, PROMPT, 10_000);
    const elapsed = Date.now() - pressed;
    console.log(`Ctrl-C on yes: prompt after ${elapsed} ms`);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('shows "reconnecting" when rdv-server restarts, then recovers by itself', async () => {
    await typeInTerminal(page, sessionId, 'clear; echo before-restart\n');
    await waitForTerminal(page, sessionId, /^before-restart$/m);
    // The state and its words, seen in the same frame: the tab may be live again a moment later.
    const reconnecting = page.waitForFunction(
      (id) =>
        document.querySelector(`[data-session="${id}"][data-state="reconnecting"]`) !== null &&
        [...document.querySelectorAll('[role="status"]')].some((el) =>
          el.textContent?.includes('reconnecting'),
        ),
      sessionId,
      { timeout: 30_000 },
    );
    await stack.restartDaemon();
    await reconnecting;
    // The web server re-reads the new service token; the page reconnects and re-attaches.
    await page
      .locator(`[data-session="${sessionId}"][data-state="live"]`)
      .waitFor({ timeout: 30_000 });
    await waitForPrompt(page, sessionId, PROMPT);
    await typeInTerminal(page, sessionId, 'echo after-restart-$((5*5))\n');
    const text = await waitForTerminal(page, sessionId, /^after-restart-25$/m);
    expect(count(text, /^before-restart$/gm)).toBe(1);
  });
});
