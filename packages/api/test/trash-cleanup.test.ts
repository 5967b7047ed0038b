import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../src/errors.ts';
import { cleanupTrash } from '../src/services/workspace/trash/trash-cleanup.ts';
import { days, makeWorkspace, type Workspace } from './helpers.ts';
import { git, makeRepo } from '@rdv/test-support';

describe('trash clean-up (injected clock, real git, real SQLite)', () => {
  let ws: Workspace;
  let repo: string;
  beforeAll(async () => {
    ws = await makeWorkspace();
    repo = makeRepo(path.join(ws.dir, 'repo'));
  });
  afterAll(() => ws.dispose());

  it('purges an expired clean item, keeps a fresh one and an expired one with uncommitted work', async () => {
    const { worktrees, trash } = ws.services.services;
    const create = (branch: string) => worktrees.create(ws.userId, { repoPath: repo, branch });
    const old = await create('old-clean');
    const dirty = await create('old-dirty');
    const fresh = await create('fresh');
    writeFileSync(path.join(dirty.path, 'notes.txt'), 'work in progress\n');
    git(old.path, 'commit', '-q', '--allow-empty', '-m', 'a commit only this branch has');

    const start = ws.clock.now.getTime();
    const oldItem = await trash.trashWorktree(ws.userId, old.id);
    const dirtyItem = await trash.trashWorktree(ws.userId, dirty.id);
    expect(dirtyItem.hasUncommittedWork).toBe(true);
    expect(oldItem.hasUncommittedWork).toBe(false);
    ws.clock.now = new Date(start + days(20));
    const freshItem = await trash.trashWorktree(ws.userId, fresh.id);

    ws.clock.now = new Date(start + days(31));
    const report = await cleanupTrash(trash, worktrees);
    expect(report.purged).toEqual([oldItem.id]);
    expect(report.kept.map((kept) => kept.id)).toEqual([dirtyItem.id]);
    expect(report.kept[0]?.reason).toMatch(/uncommitted work \(1 untracked file\(s\)\)/);
    expect(report.failed).toEqual([]);

    // The purged item is gone from disk, the database and git's records; its branch (and commit) stay.
    expect(existsSync(oldItem.trashPath)).toBe(false);
    expect(git(repo, 'worktree', 'list', '--porcelain')).not.toContain(oldItem.trashPath);
    expect(git(repo, 'log', '-1', '--format=%s', 'old-clean').trim()).toBe(
      'a commit only this branch has',
    );
    expect(await ws.db.worktree.findUnique({ where: { id: old.id } })).toBeNull();

    const listed = await trash.list(ws.userId);
    expect(listed.map((item) => [item.id, item.expired])).toEqual([
      [freshItem.id, false],
      [dirtyItem.id, true],
    ]);
    expect(existsSync(path.join(dirtyItem.trashPath, 'notes.txt'))).toBe(true);
  });

  it('deletes uncommitted work only with force', async () => {
    const { trash } = ws.services.services;
    const dirty = (await trash.list(ws.userId)).find((item) => item.hasUncommittedWork)!;
    await expect(trash.purge(ws.userId, dirty.id)).rejects.toMatchObject({
      kind: 'precondition',
    });
    await trash.purge(ws.userId, dirty.id, { force: true });
    expect(existsSync(dirty.trashPath)).toBe(false);
    expect(git(repo, 'worktree', 'list', '--porcelain')).not.toContain(dirty.trashPath);
  });

  it('runs as the daemon background task', async () => {
    const [task] = ws.services.backgroundTasks;
    expect(task).toMatchObject({
      name: 'trash-cleanup',
      runAtStart: true,
      intervalMs: 24 * 3_600_000,
    });
    ws.clock.now = new Date(ws.clock.now.getTime() + days(60));
    await task!.run(new AbortController().signal);
    expect(await ws.services.services.trash.list(ws.userId)).toEqual([]);
  });

  it('scopes items to their owner', async () => {
    const { worktrees, trash } = ws.services.services;
    const mine = await worktrees.create(ws.userId, { repoPath: repo, branch: 'scoped' });
    const item = await trash.trashWorktree(ws.userId, mine.id);
    const other = await ws.db.user.create({ data: { username: 'mallory' } });
    const attempts = [
      trash.restore(other.id, item.id),
      trash.purge(other.id, item.id, { force: true }),
      trash.trashWorktree(other.id, mine.id),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotFoundError);
    }
    expect(await trash.list(other.id)).toEqual([]);
  });
});
