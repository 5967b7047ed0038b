// Answering an agent from its row in the sidebar, without attaching, in Chromium against the real
// stack: stand-in agents print Claude Code's, Codex's real permission prompts and a question, and
// record the keys that reach their pty. A reply is pinned to the question the person read; when
// the screen asks something else by the time it is sent, the daemon refuses, the row says so,
// and nothing reaches the agent.
import { mkdtempSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@rdv/test-support';
import { writeStandIn, type StandInKind } from '@rdv/test-support/stand-in-agents';
import { launchChromium, loggedInPage, newContext } from '../helpers/browser.ts';
import { phoneContext, PHONE_VIEWPORT } from '../helpers/phone.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

describe('Approve / Deny / Reply from the session row', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    page = await loggedInPage(
      await newContext(browser, { width: 1440, height: 900 }),
      stack.loginUrl!,
      stack.baseUrl,
    );
    dir = realpathSync(mkdtempSync(join(stack.userHome, 'stand-ins-')));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function standInSession(kind: StandInKind, name: string) {
    const standIn = writeStandIn(dir, kind, name);
    const session = await stack.call<{ id: string }>('mutation', 'sessions.create', {
      name,
      kind: 'agent',
      command: standIn.command,
      cwd: dir,
    });
    return { id: session.id, standIn };
  }

  it("the row's Approve answers a Claude Code permission prompt with its key, and the row stops waiting", async () => {
    const { id, standIn } = await standInSession('claude', 'claude-bash');
    const row = page.locator(`[data-session-id="${id}"]`);
    await page
      .locator(`[data-session-id="${id}"][data-status="running"]`)
      .waitFor({ timeout: 20_000 });
    standIn.ask();
    const approve = row.getByRole('button', { name: "Approve claude-bash's request" });
    await approve.waitFor({ timeout: 10_000 });
    expect(await row.getByText('Do you want to proceed?').isVisible()).toBe(true);
    expect(await row.getByRole('button', { name: "Deny claude-bash's request" }).isVisible()).toBe(
      true,
    );
    expect(await row.getByRole('button', { name: /^Reply/ }).count()).toBe(0);

    // By keyboard: focus the button and press Enter.
    await approve.focus();
    await page.keyboard.press('Enter');
    await waitUntil(() => standIn.got() !== '', 'the key to reach the stand-in', 10_000);
    expect(standIn.got()).toBe('1');
    await page
      .locator(`[data-session-id="${id}"]:not([data-status="waiting"])`)
      .waitFor({ timeout: 10_000 });
    await approve.waitFor({ state: 'detached' });
  });

  it('a reply to a question the screen no longer asks is refused with a visible message; nothing is typed; the new question can be answered', async () => {
    const { id, standIn } = await standInSession('question', 'asker');
    const row = page.locator(`[data-session-id="${id}"]`);
    await page
      .locator(`[data-session-id="${id}"][data-status="running"]`)
      .waitFor({ timeout: 20_000 });
    standIn.ask();
    const reply = row.getByRole('button', { name: "Reply to asker's question" });
    await reply.waitFor({ timeout: 10_000 });
    await reply.click();
    const input = row.getByRole('textbox', { name: 'Reply to asker: Name of the new branch?' });
    await input.waitFor();
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);

    // While the person types, the program asks something else.
    standIn.change();
    await waitUntil(
      async () =>
        (await stack.call<{ question: string } | null>('query', 'sessions.prompt', { id }))
          ?.question === 'Name of the release tag?',
      'the screen to ask the new question',
      10_000,
    );
    await page.keyboard.type('feat/answers');
    await page.keyboard.press('Enter');
    const alert = row.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.innerText()).toMatch(
      /changed: it now asks "Name of the release tag\?".*nothing was typed/,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(standIn.got()).toBe('');

    // The row now offers the question on the screen; Escape cancels a reply, Enter sends one.
    await row.getByText('Name of the release tag?', { exact: true }).waitFor({ timeout: 10_000 });
    await row.getByRole('button', { name: "Reply to asker's question" }).click();
    await page.keyboard.press('Escape');
    await row.getByRole('textbox').waitFor({ state: 'detached' });
    await row.getByRole('button', { name: "Reply to asker's question" }).click();
    await row
      .getByRole('textbox', { name: 'Reply to asker: Name of the release tag?' })
      .fill('v1.2.3');
    await page.keyboard.press('Enter');
    await waitUntil(() => standIn.got() !== '', 'the reply to reach the stand-in', 10_000);
    expect(standIn.got()).toBe('v1.2.3\n');
    await page
      .locator(`[data-session-id="${id}"]:not([data-status="waiting"])`)
      .waitFor({ timeout: 10_000 });
  });

  it('on a phone (390x844) Deny answers a Codex approval from the sidebar with no horizontal scrolling', async () => {
    // The same person on their phone: the login URL is one-time, so the session cookie moves over.
    const context = await phoneContext(browser);
    await context.addCookies(await page.context().cookies());
    const phone = await context.newPage();
    await phone.goto(`${stack.baseUrl}/`);
    const { id, standIn } = await standInSession('codex', 'codex-run-tests-with-a-long-name');
    standIn.ask();
    await phone.getByRole('button', { name: /^Toggle sidebar/ }).tap();
    const row = phone.locator(`[data-session-id="${id}"]`);
    const deny = row.getByRole('button', {
      name: "Deny codex-run-tests-with-a-long-name's request",
    });
    await deny.waitFor({ timeout: 20_000 });
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    const box = await deny.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await deny.tap();
    await waitUntil(() => standIn.got() !== '', 'the key to reach the stand-in', 10_000);
    expect(standIn.got()).toBe('n');
    await deny.waitFor({ state: 'detached', timeout: 10_000 });
    await context.close();
  });
});
