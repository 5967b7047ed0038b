import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createShellFromUi,
  launchChromium,
  loggedInPage,
  newContext,
  typeInTerminal,
  waitForPrompt,
  waitForTerminal,
} from '../helpers/browser.ts';
import { phoneContext } from '../helpers/phone.ts';
import { PROMPT, startStack, type Stack } from '../helpers/stack.ts';
import { rdvTmux } from '@rdv/test-support/rdv-tmux';

/** Longer than the key bar's CLAIM_MIN_INTERVAL_MS: the next touch claims the size again. */
const AFTER_CLAIM_INTERVAL_MS = 1_200;

/** No horizontal scrolling: the page is no wider than the window. */
async function expectNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    window: window.innerWidth,
  }));
  expect({ where, ...widths }).toEqual({
    where,
    scroll: expect.any(Number) as number,
    body: expect.any(Number) as number,
    window: 390,
  });
  expect({ where, over: widths.scroll > widths.window || widths.body > widths.window }).toEqual({
    where,
    over: false,
  });
}

/**
 * The control is inside the window and nothing covers its centre. Top-level controls must be
 * there as the page stands; controls inside a panel or the sidebar may need a vertical scroll
 * of that container first (never a horizontal one).
 */
async function expectReachable(
  control: Locator,
  what: string,
  { scroll = false }: { scroll?: boolean } = {},
): Promise<void> {
  await control.waitFor({ state: 'visible', timeout: 10_000 });
  if (scroll) await control.scrollIntoViewIfNeeded();
  const seen = await control.evaluate((element) => {
    const r = element.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      inside:
        r.left >= 0 &&
        r.top >= 0 &&
        r.right <= window.innerWidth + 0.5 &&
        r.bottom <= window.innerHeight + 0.5,
      uncovered: top !== null && (top === element || element.contains(top)),
      box: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`,
    };
  });
  expect({ what, ...seen }).toEqual({ what, inside: true, uncovered: true, box: seen.box });
}

/** Every visible button of a region, each reachable; returns how many there are. */
async function expectButtonsReachable(
  region: Locator,
  what: string,
  opts: { scroll?: boolean } = {},
): Promise<number> {
  const buttons = region.getByRole('button');
  const count = await buttons.count();
  for (let i = 0; i < count; i += 1) {
    const button = buttons.nth(i);
    if (!(await button.isVisible())) continue;
    const name = (await button.getAttribute('aria-label')) ?? (await button.innerText());
    await expectReachable(button, `${what}: ${name.trim()}`, opts);
  }
  return count;
}

/** A tmux format of the session's pane, asked of the stack's own tmux server. */
function tmuxFormat(stack: Stack, tmuxName: string, format: string): string {
  return rdvTmux(stack.home, 'display', '-p', '-t', `=${tmuxName}:`, format).trim();
}

const tmuxWindowSize = (stack: Stack, tmuxName: string) =>
  tmuxFormat(stack, tmuxName, '#{window_width}x#{window_height}');
/** What runs in the pane's foreground (bash at the prompt, `sleep` while it sleeps). */
const paneCommand = (stack: Stack, tmuxName: string) =>
  tmuxFormat(stack, tmuxName, '#{pane_current_command}');

/** The size this page's terminal box asks for (the terminal itself shows the pane's size). */
function termSize(page: Page, sessionId: string): Promise<string> {
  return page.evaluate((id) => {
    const handle = window.__rdv!.terminals.get(id)! as unknown as {
      desired: () => { cols: number; rows: number } | null;
    };
    const size = handle.desired()!;
    return `${size.cols}x${size.rows}`;
  }, sessionId);
}

describe('the dashboard on a phone (390x844, touch)', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sessionId: string;
  let tmuxName: string;
  const key = (name: string) =>
    page.getByRole('toolbar', { name: 'Terminal keys' }).getByRole('button', {
      name,
      exact: true,
    });

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    context = await phoneContext(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: stack.baseUrl,
    });
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
  });
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  });

  it('reaches every control with no horizontal scrolling: header, sidebar, each panel', async () => {
    await expectNoHorizontalScroll(page, 'dashboard');
    const toggle = page.getByRole('button', { name: /^Toggle sidebar/ });
    const panels = page.getByRole('button', { name: 'Panels' });
    await expectButtonsReachable(page.locator('header'), 'header');
    await expectReachable(panels, 'Panels');

    await toggle.tap();
    const sidebar = page.getByRole('navigation', { name: 'Sessions' });
    await sidebar.waitFor();
    await expectNoHorizontalScroll(page, 'sidebar open');
    expect(await expectButtonsReachable(sidebar, 'sidebar', { scroll: true })).toBeGreaterThan(0);
    // The overlay leaves ☰ uncovered: the same button closes it.
    await expectReachable(toggle, '☰ with the sidebar open');
    await toggle.tap();
    await sidebar.waitFor({ state: 'detached' });

    for (const name of ['Worktrees', 'Orchestrators', 'Recordings', 'Trash', 'Settings']) {
      await panels.tap();
      const item = page.getByRole('menuitem', { name, exact: true });
      await expectReachable(item, `menu item ${name}`);
      await item.tap();
      const panel = page.getByRole('region', { name });
      await panel.waitFor();
      await expectNoHorizontalScroll(page, `${name} panel`);
      await expectReachable(panel.getByRole('button', { name: 'Close panel' }), `${name}: Close`);
      await expectButtonsReachable(panel, `${name} panel`, { scroll: true });
      await expectReachable(panels, `Panels over the ${name} panel`);
      await panel.getByRole('button', { name: 'Close panel' }).tap();
      await panel.waitFor({ state: 'detached' });
    }
  });

  it('opens a session whose key bar sits under the terminal, every key reachable', async () => {
    await page.getByRole('button', { name: /^Toggle sidebar/ }).tap();
    sessionId = await createShellFromUi(page, PROMPT.trim());
    ({ tmuxName } = await stack.call<{ tmuxName: string }>('query', 'sessions.get', {
      id: sessionId,
    }));
    await page.locator(`[data-session="${sessionId}"][data-state="live"]`).waitFor();
    await expectNoHorizontalScroll(page, 'terminal open');
    const bar = page.getByRole('toolbar', { name: 'Terminal keys' });
    expect(await expectButtonsReachable(bar, 'key bar')).toBe(15);
    await expectButtonsReachable(page.locator('header'), 'header with a tab');
    // The bar is below the terminal, not over it.
    const termBox = (await page.locator(`[data-session="${sessionId}"] .xterm`).boundingBox())!;
    const barBox = (await bar.boundingBox())!;
    expect(termBox.y + termBox.height).toBeLessThanOrEqual(barBox.y + 1);
  });

  it('sends Esc, arrows, Tab, Shift+Tab and one-shot Ctrl/Alt as bytes that reach the pty, keeping focus', async () => {
    await page.locator(`[data-session="${sessionId}"] .xterm`).tap();
    // No echo: the terminal then shows only what od read, 8 bytes a line (the phone is narrow).
    await page.keyboard.type('stty -echo; od -An -c -w8; stty echo\n');
    await expect.poll(() => paneCommand(stack, tmuxName), { timeout: 10_000 }).toBe('od');
    // Long enough that the next touch claims the size: the focus report it sends must not
    // reach the program (od would print `033 [ I`).
    await page.waitForTimeout(AFTER_CLAIM_INTERVAL_MS);
    await page.locator(`[data-session="${sessionId}"] .xterm`).tap();

    await key('Escape').tap();
    await key('Up').tap();
    await key('Left').tap();
    await key('Ctrl').tap();
    expect(await key('Ctrl').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type('a'); // the soft keyboard's "a" with Ctrl armed: ^A
    expect(await key('Ctrl').getAttribute('aria-pressed')).toBe('false');
    await key('Alt').tap();
    await page.keyboard.type('b'); // Alt then b: ESC b
    await key('Tab').tap();
    await key('Shift+Tab').tap();
    await key('Enter').tap();
    expect(
      await page.evaluate(() =>
        document.activeElement?.classList.contains('xterm-helper-textarea'),
      ),
    ).toBe(true);
    await key('Ctrl+D').tap(); // end of input: od prints what it read

    await waitForPrompt(page, sessionId, PROMPT);
    const text = await page.evaluate((id) => window.__rdv!.text(id), sessionId);
    const output = text.slice(text.lastIndexOf('stty echo\n') + 'stty echo\n'.length);
    const dump = output.slice(0, output.indexOf(PROMPT)).trim().split(/\s+/);
    expect(dump).toEqual([
      '033',
      '033',
      '[',
      'A',
      '033',
      '[',
      'D',
      '001',
      '033',
      'b',
      '\\t',
      '033',
      '[',
      'Z',
      '\\n',
    ]);
  });

  it('interrupts `sleep 100` with the ^C key and with Ctrl then c typed', async () => {
    await typeInTerminal(page, sessionId, 'clear; sleep 100\n');
    await expect.poll(() => paneCommand(stack, tmuxName), { timeout: 10_000 }).toBe('sleep');
    await key('Ctrl+C').tap();
    await waitForPrompt(page, sessionId, PROMPT, 10_000);
    await expect.poll(() => paneCommand(stack, tmuxName), { timeout: 10_000 }).toBe('bash');

    await page.keyboard.type('sleep 100\n');
    await expect.poll(() => paneCommand(stack, tmuxName), { timeout: 10_000 }).toBe('sleep');
    await key('Ctrl').tap();
    await page.keyboard.type('c');
    await waitForPrompt(page, sessionId, PROMPT, 10_000);
    await expect.poll(() => paneCommand(stack, tmuxName), { timeout: 10_000 }).toBe('bash');
  });

  it('recalls history with the Up key and pastes from the clipboard with Paste', async () => {
    await page.keyboard.type('echo hist-$((20+1))\n');
    await waitForTerminal(page, sessionId, /^hist-21$/m);
    await key('Up').tap();
    await key('Enter').tap();
    await expect
      .poll(async () =>
        (await page.evaluate((id) => window.__rdv!.text(id), sessionId)).match(/^hist-21$/gm),
      )
      .toHaveLength(2);

    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((40+2))'));
    await key('Paste').tap();
    await key('Enter').tap();
    await waitForTerminal(page, sessionId, /^pasted-42$/m);
  });

  it('fits `top` started on a desktop to the phone with Fit, and the device touched decides', async () => {
    const desktopContext = await newContext(browser, { width: 1440, height: 900 });
    await desktopContext.addCookies(await context.cookies());
    const desktop = await desktopContext.newPage();
    try {
      await desktop.goto(`${stack.baseUrl}/#session=${sessionId}`);
      await desktop.locator(`[data-session="${sessionId}"][data-state="live"]`).waitFor();
      await typeInTerminal(desktop, sessionId, 'clear; top -d 1\n');
      await waitForTerminal(desktop, sessionId, /^top - /m);

      const desktopSize = await termSize(desktop, sessionId);
      const phoneSize = await termSize(page, sessionId);
      expect(phoneSize).not.toBe(desktopSize);
      // The desktop typed last: top runs at its size, too wide for the phone.
      await expect
        .poll(() => tmuxWindowSize(stack, tmuxName), { timeout: 10_000 })
        .toBe(desktopSize);

      await key('Fit to this device').tap();
      await expect.poll(() => tmuxWindowSize(stack, tmuxName), { timeout: 10_000 }).toBe(phoneSize);
      await waitForTerminal(page, sessionId, /^top - /m);

      // A click on the desktop's terminal (no typing) hands the size back to the desktop…
      await desktop.waitForTimeout(AFTER_CLAIM_INTERVAL_MS);
      await desktop.locator(`[data-session="${sessionId}"] .xterm`).click();
      await expect
        .poll(() => tmuxWindowSize(stack, tmuxName), { timeout: 10_000 })
        .toBe(desktopSize);
      // …and a touch on the phone's takes it again.
      await page.waitForTimeout(AFTER_CLAIM_INTERVAL_MS);
      await page.locator(`[data-session="${sessionId}"] .xterm`).tap();
      await expect.poll(() => tmuxWindowSize(stack, tmuxName), { timeout: 10_000 }).toBe(phoneSize);

      await page.keyboard.type('q');
      await waitForPrompt(page, sessionId, PROMPT, 10_000);
    } finally {
      await desktopContext.close();
    }
  });

  it('scrolls many tabs inside their row, never the page', async () => {
    for (let i = 0; i < 5; i += 1) {
      const session = await stack.call<{ id: string }>('mutation', 'sessions.create', {
        kind: 'shell',
        name: `a-rather-long-session-name-${i}`,
      });
      await page.evaluate((id) => (location.hash = `#session=${id}`), session.id);
      await page.locator(`[data-session-tab="${session.id}"]`).waitFor();
    }
    const tabs = page.getByRole('tablist', { name: 'Open sessions' });
    const row = await tabs.evaluate((element) => ({
      scrolls: element.scrollWidth > element.clientWidth,
      overflowX: getComputedStyle(element).overflowX,
    }));
    expect(row).toEqual({ scrolls: true, overflowX: 'auto' });
    await expectNoHorizontalScroll(page, 'six tabs');
    await expectReachable(
      page.getByRole('button', { name: /^Toggle sidebar/ }),
      '☰ with six tabs',
    );
    await expectReachable(page.getByRole('button', { name: 'Panels' }), 'Panels with six tabs');
    await expectButtonsReachable(page.getByRole('toolbar', { name: 'Terminal keys' }), 'key bar');
  });
});
