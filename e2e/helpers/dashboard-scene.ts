// The dashboard the README's screenshot shows: two folders of sessions with live status, a shell
// that listed a repository, and the worktree panel of that repository. panels.test.ts checks
// what it shows; scripts/screenshot.ts takes the picture (`npm run docs:screenshot`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_APP_REPO, makeRepo } from '@rdv/test-support';
import { waitForTerminal } from './browser.ts';
import { PROMPT, type Stack } from './stack.ts';

/**
 * The demo repository in the stack's home and a worktree of it on `feat/e2e-panel` with one
 * modified and one new file: what the worktree panel shows as "modified".
 */
export async function makeModifiedWorktree(
  stack: Stack,
): Promise<{ repo: string; worktree: { path: string } }> {
  const repo = makeRepo(join(stack.userHome, 'repo'), DEMO_APP_REPO);
  const worktree = await stack.call<{ path: string }>('mutation', 'worktrees.create', {
    repoPath: repo,
    branch: 'feat/e2e-panel',
  });
  writeFileSync(join(worktree.path, 'app.ts'), 'export const answer = 43;\n');
  writeFileSync(join(worktree.path, 'notes.txt'), 'new file\n');
  return { repo, worktree };
}

export interface DashboardScene {
  folderId: string;
  otherFolderId: string;
  shellId: string;
  agentId: string;
}

/**
 * Builds the scene on `page`. `repo` is a repository in the stack's home with at least one
 * worktree besides its main checkout (the panel shows both).
 */
export async function showDashboardScene(
  stack: Stack,
  page: Page,
  repo: string,
): Promise<DashboardScene> {
  const folder = await stack.call<{ id: string }>('mutation', 'folders.create', { name: 'rdv' });
  const other = await stack.call<{ id: string }>('mutation', 'folders.create', {
    name: 'experiments',
  });
  await stack.call('mutation', 'preferences.set', { folderId: folder.id, values: { cwd: repo } });
  const shell = await stack.call<{ id: string }>('mutation', 'sessions.create', {
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
  const agent = await stack.call<{ id: string }>('mutation', 'sessions.create', {
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
  return { folderId: folder.id, otherFolderId: other.id, shellId: shell.id, agentId: agent.id };
}
