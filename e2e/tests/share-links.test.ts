// Read-only share links in Chromium: the owner makes a link from the session's ⋯ menu, a fresh
// browser with no login opens it (desktop and phone), sees the terminal live, cannot type into
// it, and is told at once when the link is revoked.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShellFromUi, launchChromium, loggedInPage, newContext, typeInTerminal, waitForTerminal } from '../helpers/browser.ts';
import { phoneContext } from '../helpers/phone.ts';
import { PROMPT, startStack, type Stack } from '../helpers/stack.ts';

/** What the viewer's terminal shows (xterm.js's rows, as rendered). */
function viewerText(page: Page): Promise<string> {
  return page.locator('.xterm-rows').innerText();
}

async function waitForViewer(page: Page, text: string): Promise<void> {
  await expect.poll(() => viewerText(page), { timeout: 20_000 }).toContain(text);
}

describe('read-only share links', () => {
  let stack: Stack;
  let browser: Browser;
  let ownerContext: BrowserContext;
  let owner: Page;
  let sessionId: string;
  let link: string;
  const viewers: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    ownerContext = await newContext(browser);
    await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    owner = await loggedInPage(ownerContext, stack.loginUrl!, stack.baseUrl);
    sessionId = await createShellFromUi(owner, PROMPT.trim());
  });
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  });

  const scrollback = async () =>
    (await stack.call<{ text: string }>('query', 'sessions.scrollback', { id: sessionId })).text;

  it('makes a link from the session menu, shown once with a Copy button', async () => {
    const item = owner.locator(`[data-session-id="${sessionId}"]`);
    await item.getByRole('button', { name: /actions$/ }).click();
    await item.getByRole('menuitem', { name: 'Share read-only…' }).click();
    const dialog = owner.getByRole('dialog', { name: /read-only$/ });
    await dialog.locator('input[name="label"]').fill('pairing with Sam');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const field = dialog.getByRole('textbox', { name: 'Share link' });
    await field.waitFor();
    link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${stack.baseUrl}/share#rdvs_[A-Za-z0-9_-]{43}$`));
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await owner.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await dialog.getByRole('listitem').filter({ hasText: 'pairing with Sam' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows the terminal live to a browser with no login; what it types reaches nothing', async () => {
    const context = await newContext(browser, { width: 1440, height: 900 });
    viewers.push(context);
    expect(await context.cookies()).toEqual([]);
    const viewer = await context.newPage();
    await viewer.goto(link);
    await viewer.getByRole('heading', { level: 1 }).filter({ hasText: /\S/ }).waitFor();
    const session = await stack.call<{ name: string }>('query', 'sessions.get', { id: sessionId });
    await expect.poll(() => viewer.getByRole('heading', { level: 1 }).innerText()).toBe(session.name);
    expect(await viewer.locator('#details').innerText()).toContain('pairing with Sam');
    await viewer.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    await typeInTerminal(owner, sessionId, 'echo shared-$((6*7))\n');
    await waitForViewer(viewer, 'shared-42');

    // The viewer types: nothing reaches the pane (the owner's marker after it arrives, the
    // viewer's keys never do).
    await viewer.locator('#terminal').click();
    await viewer.keyboard.type('echo PWNED-$((3*3))\n');
    await viewer.keyboard.press('Enter');
    await typeInTerminal(owner, sessionId, 'echo after-$((5*5))\n');
    await waitForViewer(viewer, 'after-25');
    await waitForTerminal(owner, sessionId, /^after-25$/m);
    expect(await scrollback()).not.toContain('PWNED');
    expect(await viewerText(viewer)).not.toContain('PWNED');
    // No horizontal scrolling of the page.
    expect(await viewer.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    // The viewer got no cookie either.
    expect(await context.cookies()).toEqual([]);
  });

  it('fits a phone: the terminal scales down, no horizontal scrolling, output live', async () => {
    const context = await phoneContext(browser);
    viewers.push(context);
    const phone = await context.newPage();
    await phone.goto(link);
    await phone.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await typeInTerminal(owner, sessionId, 'echo phone-$((4*4))\n');
    await waitForViewer(phone, 'phone-16');
    const layout = await phone.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      terminalRight: document.getElementById('terminal')!.getBoundingClientRect().right,
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.terminalRight).toBeLessThanOrEqual(layout.clientWidth + 1);
  });

  it('revoking the link ends every open viewer at once, and the link stays refused', async () => {
    const pages = viewers.map((c) => c.pages()[0]!);
    const item = owner.locator(`[data-session-id="${sessionId}"]`);
    await item.getByRole('button', { name: /actions$/ }).click();
    await item.getByRole('menuitem', { name: 'Share read-only…' }).click();
    const dialog = owner.getByRole('dialog', { name: /read-only$/ });
    await dialog.getByRole('button', { name: 'Revoke pairing with Sam' }).click();
    await dialog.getByText('None.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    for (const page of pages) {
      await page.getByRole('status').filter({ hasText: 'This link was revoked' }).waitFor({ timeout: 20_000 });
    }
    // Output after the revocation reaches no viewer.
    await typeInTerminal(owner, sessionId, 'echo late-$((7*7))\n');
    await waitForTerminal(owner, sessionId, /^late-49$/m);
    for (const page of pages) expect(await viewerText(page)).not.toContain('late-49');

    const again = await viewers[0]!.newPage();
    await again.goto(link);
    await again.getByRole('status').filter({ hasText: 'This link was revoked' }).waitFor({ timeout: 20_000 });
  });
});
