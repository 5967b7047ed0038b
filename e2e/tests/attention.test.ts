// Exited sessions and attention, as a user sees them in Chromium against the real stack: an
// exited shell stays in the sidebar with its code and comes back with Restart; a closed one is
// found with the filter; a waiting agent in a collapsed folder shows on the folder and in the
// page title, and answering it clears both.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { PROMPT, startStack, type Stack } from '../helpers/stack.ts';

interface SessionRow {
  id: string;
  name: string;
  cwd: string;
}

/** Busy until told (a flag file), then asks a `(y/n)` question and waits for the answer. */
const STAND_IN_AGENT = `#!/bin/sh
printf 'Working on it (esc to interrupt)\\n'
while [ ! -e "$1" ]; do sleep 0.1; done
printf 'Apply the change? (y/n) '
read answer
printf 'applied: %s\\n' "$answer"
exec sleep 600
`;

describe('exited sessions and attention', () => {
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

  const row = (id: string) => page.locator(`[data-session-id="${id}"]`);

  it('a shell that exits with 3 stays in the sidebar with code 3; Restart brings it back live at the same cwd', async () => {
    const cwd = realpathSync(stack.userHome);
    const project = join(cwd, 'project-exit');
    mkdirSync(project);
    const session = await stack.call<SessionRow>('mutation', 'sessions.create', {
      name: 'quitter',
      kind: 'shell',
      cwd: project,
    });
    await row(session.id)
      .getByRole('button', { name: /quitter$/ })
      .click();
    await waitForPrompt(page, session.id, PROMPT);
    await typeInTerminal(page, session.id, 'exit 3\n');

    const exitedRow = page.locator(`[data-session-id="${session.id}"][data-exit-code="3"]`);
    await exitedRow.waitFor({ timeout: 15_000 });
    expect(await exitedRow.innerText()).toContain('exit 3');
    const tab = page.locator(`[data-session="${session.id}"][data-state="exited"]`);
    await tab.waitFor();
    expect(await tab.getByRole('heading').innerText()).toContain('exited with code 3');
    // The tab shows the dead pane's last output, not a terminal with tmux's "Pane is dead".
    const lastOutput = tab.getByLabel('Last output');
    await lastOutput.waitFor();
    expect(await lastOutput.innerText()).toContain(`${PROMPT}exit 3`);
    expect(await tab.innerText()).not.toContain('Pane is dead');
    expect(await page.locator(`[data-session="${session.id}"] .xterm`).count()).toBe(0);

    await tab.getByRole('button', { name: 'Restart' }).click();
    await waitForPrompt(page, session.id, PROMPT);
    await typeInTerminal(page, session.id, 'pwd\n');
    await waitForTerminal(page, session.id, new RegExp(`^${project}$`, 'm'));
    await page.locator(`[data-session-id="${session.id}"]:not([data-exit-code])`).waitFor();
  });

  it('Close removes an exited session from the list; the filter with “Show closed” finds it, and Restart opens it', async () => {
    const session = await stack.call<SessionRow>('mutation', 'sessions.create', {
      name: 'findme-later',
      kind: 'shell',
    });
    await stack.call('mutation', 'sessions.exec', { id: session.id, text: 'exit 3' });
    await page
      .locator(`[data-session-id="${session.id}"][data-exit-code="3"]`)
      .waitFor({ timeout: 15_000 });

    await row(session.id)
      .getByRole('button', { name: /actions$/ })
      .click();
    await row(session.id).getByRole('menuitem', { name: 'Close' }).click();
    await row(session.id).waitFor({ state: 'detached' });
    expect(
      (await stack.call<{ status: string }>('query', 'sessions.get', { id: session.id })).status,
    ).toBe('closed');

    const filter = page.getByRole('searchbox', { name: /Filter sessions/ });
    await filter.fill('findme');
    await page.getByText('No open sessions match.').waitFor();
    await page.getByRole('checkbox', { name: 'Show closed' }).check();
    const closed = page.locator(`[data-closed-session-id="${session.id}"]`);
    await closed.waitFor();
    expect(await closed.innerText()).toContain('findme-later');

    await closed.getByRole('button', { name: 'Restart findme-later' }).click();
    await closed.waitFor({ state: 'detached' });
    await waitForPrompt(page, session.id, PROMPT);
    await filter.fill('');
    await page.getByRole('checkbox', { name: 'Show closed' }).uncheck();
    await row(session.id).waitFor();
  });

  it('a waiting agent in a collapsed folder shows on the folder and in the title `(1) rdv`; answering clears both', async () => {
    // No tab open, so the title is rdv's own.
    await page.evaluate(() => localStorage.removeItem('rdv.tabs'));
    await page.goto(`${stack.baseUrl}/`);
    const fresh = page;
    await fresh.getByRole('button', { name: /^Toggle sidebar/ }).waitFor();
    const script = join(stack.userHome, 'stand-in-agent.sh');
    const flag = join(stack.userHome, 'ask-now');
    writeFileSync(script, STAND_IN_AGENT, { mode: 0o755 });
    const folder = await stack.call<{ id: string }>('mutation', 'folders.create', {
      name: 'agents',
    });
    const agent = await stack.call<SessionRow>('mutation', 'sessions.create', {
      name: 'asker',
      kind: 'agent',
      command: `${script} ${flag}`,
      folderId: folder.id,
    });
    const folderRow = fresh.locator(`[data-folder-id="${folder.id}"]`);
    await folderRow.getByRole('button', { name: 'Collapse agents' }).click();
    await folderRow.getByRole('button', { name: 'Expand agents' }).waitFor();
    // Busy first: the folder shows it is running.
    await fresh
      .locator(`[data-folder-id="${folder.id}"][data-rollup="running"]`)
      .waitFor({ timeout: 15_000 });
    expect(await fresh.title()).toBe('rdv');

    writeFileSync(flag, '');
    await fresh
      .locator(`[data-folder-id="${folder.id}"][data-rollup="waiting"]`)
      .waitFor({ timeout: 10_000 });
    // Its dot pulses, then holds still: an endless animation would have the page draw a frame
    // every interval, and every keystroke's echo in any terminal would wait for the next one.
    const dot = folderRow.locator('.dot[data-status="waiting"]');
    expect(await dot.evaluate((el) => getComputedStyle(el).animationName)).toBe('pulse');
    await expect
      .poll(
        () =>
          fresh.evaluate(
            () => document.getAnimations().filter((a) => a.playState === 'running').length,
          ),
        { timeout: 20_000 },
      )
      .toBe(0);
    await expect.poll(() => fresh.title(), { timeout: 5_000 }).toBe('(1) rdv');
    await expect
      .poll(() => fresh.getByTestId('attention-live').innerText(), { timeout: 5_000 })
      .toBe('asker is waiting: Apply the change? (y/n)');

    // Answer it as a person would: open the folder and the session, type y and Enter.
    await folderRow.getByRole('button', { name: 'Expand agents' }).click();
    await fresh
      .locator(`[data-session-id="${agent.id}"]`)
      .getByRole('button', { name: /asker$/ })
      .click();
    await waitForTerminal(fresh, agent.id, 'Apply the change? (y/n)');
    await expect.poll(() => fresh.title()).toBe('(1) asker · rdv');
    await typeInTerminal(fresh, agent.id, 'y\n');
    await waitForTerminal(fresh, agent.id, 'applied: y');
    await fresh
      .locator(`[data-session-id="${agent.id}"]:not([data-status="waiting"])`)
      .waitFor({ timeout: 10_000 });
    await expect.poll(() => fresh.title(), { timeout: 5_000 }).toBe('asker · rdv');
    await folderRow.getByRole('button', { name: 'Collapse agents' }).click();
    await folderRow.getByRole('button', { name: 'Expand agents' }).waitFor();
    expect(await folderRow.getAttribute('data-rollup')).not.toBe('waiting');
  });
});
