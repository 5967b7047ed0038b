import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { git, worktreePaths } from '@rdv/test-support';
import { codeOf, errorOf } from '../helpers/workspace.ts';

describe('trash', () => {
  const fx = useDaemon({ git: 'repo', config: '[cleanup]\ntrash_retention_days = 7\n' });

  it('says how long items are kept, as config.toml sets it', async () => {
    expect(await fx.api.client.trash.retention.query()).toEqual({ days: 7 });
  });

  it('trash → restore: the worktree comes back with its changes and works with git again', async () => {
    const created = await fx.api.client.worktrees.create.mutate({
      repoPath: fx.repo,
      branch: 'feat/trash',
    });
    git(created.path, 'commit', '-q', '--allow-empty', '-m', 'local commit');
    writeFileSync(join(created.path, 'README.md'), '# edited\n');
    writeFileSync(join(created.path, 'staged.txt'), 'staged\n');
    git(created.path, 'add', 'staged.txt');

    const item = await fx.api.client.trash.worktree.mutate({ worktreeId: created.id });
    expect(item).toMatchObject({
      kind: 'worktree',
      worktreeId: created.id,
      originalPath: created.path,
      trashPath: join(fx.home, 'trash', item.id),
      branch: 'feat/trash',
      repoPath: fx.repo,
      hasUncommittedWork: true,
      work: '1 staged, 1 changed file(s) and 1 unpushed commit(s)',
      expired: false,
    });
    // No transformer on the wire: dates arrive as ISO strings.
    expect(Date.parse(String(item.expiresAt)) - Date.parse(String(item.trashedAt))).toBe(
      7 * 86_400_000,
    );
    expect(existsSync(created.path)).toBe(false);
    expect(readFileSync(join(item.trashPath, 'README.md'), 'utf8')).toBe('# edited\n');
    // git follows it into the trash and keeps it locked there.
    expect(git(fx.repo, 'worktree', 'list', '--porcelain')).toContain(`worktree ${item.trashPath}`);
    expect(git(fx.repo, 'worktree', 'list', '--porcelain')).toContain(
      `locked rdv trash ${item.id}`,
    );
    expect((await fx.api.client.trash.list.query()).map((entry) => entry.id)).toEqual([item.id]);
    expect(
      (await fx.api.client.worktrees.records.query()).find((row) => row.id === created.id)?.status,
    ).toBe('trashed');
    expect(await codeOf(fx.api.client.worktrees.status.query({ id: created.id }))).toBe('CONFLICT');
    expect(await codeOf(fx.api.client.trash.worktree.mutate({ worktreeId: created.id }))).toBe(
      'CONFLICT',
    );
    // Its path stays reserved while it is in the trash.
    expect(
      await codeOf(
        fx.api.client.worktrees.create.mutate({
          repoPath: fx.repo,
          branch: 'feat/again',
          path: created.path,
        }),
      ),
    ).toBe('CONFLICT');

    // Restore refuses a taken path...
    mkdirSync(created.path, { recursive: true });
    expect(await errorOf(fx.api.client.trash.restore.mutate({ id: item.id }))).toEqual({
      code: 'CONFLICT',
      message: `cannot restore trash item ${item.id}: ${created.path} is taken; move it away first`,
    });
    rmSync(created.path, { recursive: true });

    // ...and otherwise puts it back where git expects it.
    const restored = await fx.api.client.trash.restore.mutate({ id: item.id });
    expect(restored).toMatchObject({
      reAdded: false,
      worktree: { id: created.id, path: created.path, status: 'active' },
    });
    expect(git(created.path, 'status', '--porcelain')).toBe(' M README.md\nA  staged.txt\n');
    expect(git(created.path, 'log', '-1', '--format=%s').trim()).toBe('local commit');
    expect(worktreePaths(fx.repo)).toContain(created.path);
    expect(git(fx.repo, 'worktree', 'list', '--porcelain')).not.toContain('locked');
    expect(existsSync(item.trashPath)).toBe(false);
    expect(await fx.api.client.trash.list.query()).toEqual([]);
    expect(await fx.api.client.worktrees.status.query({ id: created.id })).toMatchObject({
      changed: ['README.md'],
    });
  });

  it('purges only with force when there is uncommitted work, and prunes git', async () => {
    const created = await fx.api.client.worktrees.create.mutate({
      repoPath: fx.repo,
      branch: 'feat/purge',
    });
    writeFileSync(join(created.path, 'wip.txt'), 'wip\n');
    const item = await fx.api.client.trash.worktree.mutate({ worktreeId: created.id });
    expect((await errorOf(fx.api.client.trash.purge.mutate({ id: item.id }))).code).toBe(
      'PRECONDITION_FAILED',
    );
    expect(existsSync(item.trashPath)).toBe(true);
    expect(await fx.api.client.trash.purge.mutate({ id: item.id, force: true })).toEqual({
      id: item.id,
      originalPath: created.path,
    });
    expect(existsSync(item.trashPath)).toBe(false);
    expect(worktreePaths(fx.repo)).not.toContain(item.trashPath);
    expect((await fx.api.client.worktrees.records.query()).map((row) => row.id)).not.toContain(
      created.id,
    );
    expect(await codeOf(fx.api.client.trash.restore.mutate({ id: item.id }))).toBe('NOT_FOUND');
  });

  it('purges a clean item without force', async () => {
    const created = await fx.api.client.worktrees.create.mutate({
      repoPath: fx.repo,
      branch: 'feat/clean-purge',
    });
    const item = await fx.api.client.trash.worktree.mutate({ worktreeId: created.id });
    expect(item.hasUncommittedWork).toBe(false);
    await fx.api.client.trash.purge.mutate({ id: item.id });
    expect(existsSync(item.trashPath)).toBe(false);
  });
});
