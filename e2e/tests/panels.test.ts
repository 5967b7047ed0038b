import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@rdv/test-support';
import { launchChromium, loggedInPage, newContext, terminalText } from '../helpers/browser.ts';
import { makeModifiedWorktree, showDashboardScene } from '../helpers/dashboard-scene.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

interface SessionRow {
  id: string;
  name: string;
}

describe('dashboard panels and live status', () => {
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

  it('changes the status dot live when an agent hook reports waiting', async () => {
    const agent = await stack.call<SessionRow>('mutation', 'sessions.create', {
      name: 'claude-ish',
      kind: 'agent',
      command: 'cat',
    });
    const item = page.locator(`[data-session-id="${agent.id}"]`);
    await item.waitFor();
    expect(await item.getAttribute('data-status')).not.toBe('waiting');

    await stack.call('mutation', 'hooks.report', {
      sessionId: agent.id,
      event: 'Notification',
      message: 'Claude needs your permission',
    });
    await page
      .locator(`[data-session-id="${agent.id}"][data-status="waiting"]`)
      .waitFor({ timeout: 10_000 });
    await stack.call('mutation', 'hooks.report', { sessionId: agent.id, event: 'PreToolUse' });
    await page
      .locator(`[data-session-id="${agent.id}"][data-status="running"]`)
      .waitFor({ timeout: 10_000 });
  });

  it('renames, moves, suspends, resumes and closes a session from the sidebar', async () => {
    const folder = await stack.call<{ id: string }>('mutation', 'folders.create', {
      name: 'inbox',
    });
    const session = await stack.call<SessionRow>('mutation', 'sessions.create', {
      name: 'scratch',
      kind: 'shell',
    });
    const item = page.locator(`[data-session-id="${session.id}"]`);
    const menu = async (entry: string) => {
      await item.getByRole('button', { name: /actions$/ }).click();
      await item.getByRole('menuitem', { name: entry }).click();
    };

    await menu('Rename…');
    const rename = page.getByRole('dialog', { name: 'Rename session' });
    await rename.locator('input[name="name"]').fill('renamed');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await item.getByText('renamed').waitFor();

    await menu('Move to…');
    const move = page.getByRole('dialog', { name: /^Move/ });
    await move.locator('select').selectOption(folder.id);
    await move.getByRole('button', { name: 'Move' }).click();
    await page
      .locator(`[data-folder-id="${folder.id}"] [data-session-id="${session.id}"]`)
      .waitFor();

    await menu('Suspend');
    await page.locator(`[data-session-id="${session.id}"][data-status="suspended"]`).waitFor();
    await menu('Resume');
    await page
      .locator(`[data-session-id="${session.id}"]:not([data-status="suspended"])`)
      .waitFor();

    await menu('Close…');
    await page
      .getByRole('dialog', { name: /^Close/ })
      .getByRole('button', { name: 'Close session' })
      .click();
    await item.waitFor({ state: 'detached' });
    const closed = await stack.call<{ status: string }>('query', 'sessions.get', {
      id: session.id,
    });
    expect(closed.status).toBe('closed');
    await stack.call('mutation', 'folders.delete', { id: folder.id });
    await page.locator(`[data-folder-id="${folder.id}"]`).waitFor({ state: 'detached' });
  });

  it('shows a modified file of a worktree in the worktree panel', async () => {
    const { repo, worktree } = await makeModifiedWorktree(stack);

    await page.getByRole('button', { name: 'Worktrees' }).click();
    const panel = page.getByTestId('worktrees-panel');
    // The field starts with the folder's working directory once preferences load; filling it
    // before then races that and leaves both paths run together.
    const repoField = panel.locator('input[name="repoPath"]');
    await waitUntil(
      async () => (await repoField.inputValue()) !== '',
      'the default repository path',
    );
    await repoField.fill(repo);
    await panel.getByRole('button', { name: 'Show' }).click();
    const card = panel.locator(`[data-worktree="${worktree.path}"]`);
    await card
      .getByText('modified')
      .waitFor()
      .catch(async (error: unknown) => {
        // Say what the panel and the API showed.
        const shown = await card.innerText().catch(() => '(no card)');
        const api = await stack
          .call('query', 'worktrees.status', { path: worktree.path })
          .catch((e: unknown) => `error: ${String(e)}`);
        throw new Error(
          `no "modified" on the card: it shows ${JSON.stringify(shown)}; the API says ${JSON.stringify(api)}`,
          {
            cause: error,
          },
        );
      });
    const files = await card.getByTestId('worktree-files').innerText();
    expect(files).toMatch(/M\s*app\.ts/);
    expect(files).toMatch(/\?\s*notes\.txt/);

    // Removing it is refused (uncommitted work), as the API refuses it; the panel says why.
    await card.getByRole('button', { name: 'Remove', exact: true }).click();
    await card.getByRole('button', { name: /^Remove anyway/ }).waitFor();
    expect(await card.innerText()).toMatch(/uncommitted|changed|untracked/i);
    await panel.getByRole('button', { name: 'Close panel' }).click();
  });

  it('shows folders of sessions with live status, a shell in the repository and its worktrees', async () => {
    // The README's screenshot is this scene (`npm run docs:screenshot`); here, what it shows.
    const repo = join(stack.userHome, 'repo');
    const scene = await showDashboardScene(stack, page, repo);

    const folder = page.locator(`[data-folder-id="${scene.folderId}"]`);
    // A row reads: kind glyph, name, actions button; the name is its first line with letters.
    const sessionNames = async (id: string) =>
      (await page.locator(`[data-folder-id="${id}"] [data-session-id]`).allInnerTexts()).map(
        (text) => text.split('\n').find((line) => /[a-z]/i.test(line)) ?? '',
      );
    expect(await folder.locator('button[title^="Select this folder"]').innerText()).toContain(
      'rdv',
    );
    expect(
      (await sessionNames(scene.folderId)).map((text) => text.replace(/^\W+/, '').trim()),
    ).toEqual(expect.arrayContaining(['build', 'tests', 'agent: refactor']));
    expect(
      (await sessionNames(scene.otherFolderId)).map((text) => text.replace(/^\W+/, '').trim()),
    ).toEqual(['notebook']);
    // The agent's hook said it is working: its dot reads "running" to a screen reader too.
    const agentDot = page.locator(`[data-session-id="${scene.agentId}"]`).getByRole('img');
    await page.locator(`[data-session-id="${scene.agentId}"][data-status="running"]`).waitFor();
    expect(await agentDot.getAttribute('aria-label')).toBe('running');

    // The shell opened in the folder's preferred cwd, the repository: its log and files.
    const screen = await terminalText(page, scene.shellId);
    expect(screen).toMatch(/\* \w+ .*first commit/);
    expect(screen).toContain('app.ts');
    expect(screen).toContain('README.md');

    // The worktree panel lists the repository and the worktree made above, with its change.
    const cards = page.getByTestId('worktrees-panel').locator('[data-worktree]');
    expect(await cards.count()).toBe(2);
    expect(
      await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-worktree'))),
    ).toEqual(expect.arrayContaining([repo]));
    const worktreeCard = cards.filter({ hasText: 'feat/e2e-panel' });
    expect(await worktreeCard.count()).toBe(1);
    expect(await worktreeCard.getAttribute('data-worktree')).not.toBe(repo);
    // Its git status arrives after the card: the change made above shows as "modified".
    await worktreeCard.getByText('modified').waitFor();
    expect(await worktreeCard.getByText('modified').isVisible()).toBe(true);
  });
});
