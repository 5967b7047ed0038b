import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type Workspace } from './helpers.ts';
import { git, makeRepo } from '@rdv/test-support';

describe('worktree set-up command', () => {
  let ws: Workspace;
  let repo: string;
  afterEach(() => ws.dispose());

  it('runs in the new worktree with its variables and returns the output', async () => {
    ws = await makeWorkspace({
      setupCommand: 'echo "setting up $RDV_BRANCH" && pwd && test -f .env',
    });
    repo = makeRepo(path.join(ws.dir, 'repo'));
    const created = await ws.services.services.worktrees.create(ws.userId, {
      repoPath: repo,
      branch: 'feat/setup',
    });
    expect(created.setup).toMatchObject({ exitCode: 0, timedOut: false });
    expect(created.setup?.output).toContain('setting up feat/setup');
    expect(created.setup?.output).toContain(created.path);
    expect(created.setupOutput).toBe(created.setup?.output);
    const skipped = await ws.services.services.worktrees.create(ws.userId, {
      repoPath: repo,
      branch: 'no-setup',
      runSetup: false,
    });
    expect(skipped.setup).toBeNull();
  });

  it('a failing set-up leaves nothing behind: no folder, no branch, no record', async () => {
    ws = await makeWorkspace({ setupCommand: 'echo boom >&2; exit 3' });
    repo = makeRepo(path.join(ws.dir, 'repo'));
    await expect(
      ws.services.services.worktrees.create(ws.userId, { repoPath: repo, branch: 'feat/fails' }),
    ).rejects.toMatchObject({
      kind: 'precondition',
      message: expect.stringMatching(/exit 3[\s\S]*boom/),
    });
    expect(existsSync(path.join(ws.dir, 'repo-worktrees'))).toBe(false);
    expect(git(repo, 'branch', '--list', 'feat/fails')).toBe('');
    expect(git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(await ws.db.worktree.count()).toBe(0);
  });

  it('times out a set-up that hangs, and cleans up', async () => {
    ws = await makeWorkspace({ setupCommand: 'sleep 30', setupTimeoutMs: 300 });
    repo = makeRepo(path.join(ws.dir, 'repo'));
    await expect(
      ws.services.services.worktrees.create(ws.userId, { repoPath: repo, branch: 'slow' }),
    ).rejects.toMatchObject({
      kind: 'precondition',
      message: expect.stringMatching(/timed out/),
    });
    expect(git(repo, 'branch', '--list', 'slow')).toBe('');
  });
});

describe('restore when git lost the trashed worktree', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace();
  });
  afterEach(() => ws.dispose());

  it('re-adds it at its original path with its files, and git works in it', async () => {
    const repo = makeRepo(path.join(ws.dir, 'repo'));
    const { worktrees, trash } = ws.services.services;
    const created = await worktrees.create(ws.userId, { repoPath: repo, branch: 'lost' });
    rmSync(path.join(created.path, 'README.md'));
    const item = await trash.trashWorktree(ws.userId, created.id);
    // Someone unlocks and prunes the record by hand, then moves the folder so git considers it gone.
    git(repo, 'worktree', 'unlock', item.trashPath);
    const admin = readdirSync(path.join(repo, '.git/worktrees'));
    for (const name of admin) rmSync(path.join(repo, '.git/worktrees', name), { recursive: true });
    git(repo, 'worktree', 'prune');

    const restored = await trash.restore(ws.userId, item.id);
    expect(restored.reAdded).toBe(true);
    expect(restored.worktree).toMatchObject({
      id: created.id,
      path: created.path,
      status: 'active',
    });
    expect(git(created.path, 'status', '--porcelain')).toBe(' D README.md\n');
    expect(existsSync(path.join(created.path, '.env'))).toBe(true);
    expect(git(repo, 'worktree', 'list')).toContain(created.path);
    expect(existsSync(item.trashPath)).toBe(false);
  });
});
