import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loggedInPage, newContext, waitForTerminal } from '../helpers/browser.ts';
import { DEMO_APP_REPO, makeRepo } from '@rdv/test-support';
import { PROMPT, REPO_ROOT, startStack, type Stack } from '../helpers/stack.ts';

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
    const repo = makeRepo(join(stack.userHome, 'repo'), DEMO_APP_REPO);
    const worktree = await stack.call<{ path: string }>('mutation', 'worktrees.create', {
      repoPath: repo,
      branch: 'feat/e2e-panel',
    });
    writeFileSync(join(worktree.path, 'app.ts'), 'export const answer = 43;\n');
    writeFileSync(join(worktree.path, 'notes.txt'), 'new file\n');

    await page.getByRole('button', { name: 'Worktrees' }).click();
    const panel = page.getByTestId('worktrees-panel');
    await panel.locator('input[name="repoPath"]').fill(repo);
    await panel.getByRole('button', { name: 'Show' }).click();
    const card = panel.locator(`[data-worktree="${worktree.path}"]`);
    await card.getByText('modified').waitFor();
    const files = await card.getByTestId('worktree-files').innerText();
    expect(files).toMatch(/M\s*app\.ts/);
    expect(files).toMatch(/\?\s*notes\.txt/);

    // Removing it is refused (uncommitted work), as the API refuses it; the panel says why.
    await card.getByRole('button', { name: 'Remove', exact: true }).click();
    await card.getByRole('button', { name: /^Remove anyway/ }).waitFor();
    expect(await card.innerText()).toMatch(/uncommitted|changed|untracked/i);
    await panel.getByRole('button', { name: 'Close panel' }).click();
  });

  it('saves a screenshot of the dashboard for the README', async () => {
    const folder = await stack.call<{ id: string }>('mutation', 'folders.create', { name: 'rdv' });
    const other = await stack.call<{ id: string }>('mutation', 'folders.create', {
      name: 'experiments',
    });
    const repo = join(stack.userHome, 'repo');
    await stack.call('mutation', 'preferences.set', { folderId: folder.id, values: { cwd: repo } });
    const shell = await stack.call<SessionRow>('mutation', 'sessions.create', {
      name: 'build',
      kind: 'shell',
      folderId: folder.id,
      cols: 110,
      rows: 30,
    });
    await stack.call('mutation', 'sessions.create', {
      name: 'tests',
      kind: 'shell',
      folderId: folder.id,
    });
    const agent = await stack.call<SessionRow>('mutation', 'sessions.create', {
      name: 'agent: refactor',
      kind: 'agent',
      command: 'cat',
      folderId: folder.id,
    });
    await stack.call('mutation', 'hooks.report', { sessionId: agent.id, event: 'PreToolUse' });
    await stack.call('mutation', 'sessions.create', {
      name: 'notebook',
      kind: 'shell',
      folderId: other.id,
    });
    mkdirSync(join(stack.userHome, 'docs'), { recursive: true });

    await page.goto(`${stack.baseUrl}/#session=${shell.id}`);
    await page.reload();
    await waitForTerminal(page, shell.id, PROMPT.trim());
    await page.locator(`[data-session="${shell.id}"] .xterm`).click();
    await page.keyboard.type(
      'clear; git log --oneline --decorate --all --graph && git status --short && ls -la --color=always\n',
    );
    await waitForTerminal(page, shell.id, /first commit/);
    await page
      .locator(`[data-folder-id="${folder.id}"] > div button[title^="Select this folder"]`)
      .click();
    await page.getByRole('button', { name: 'Worktrees' }).click();
    await page.getByTestId('worktrees-panel').locator('[data-worktree]').nth(1).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(REPO_ROOT, 'docs/dashboard.png') });
  });
});
