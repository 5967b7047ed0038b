import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupHome,
  cliClient,
  makeHome,
  startDaemon,
  writeConfig,
  type DaemonProcess,
} from '../helpers/daemon.ts';
import { git, makeGitRoot, makeRepo, worktreePaths } from '@rdv/test-support';
import { codeOf, errorOf } from '../helpers/workspace.ts';

describe('trash', () => {
  let daemon: DaemonProcess;
  let api: ReturnType<typeof cliClient>;
  let root: string;
  let repo: string;
  beforeAll(async () => {
    root = makeGitRoot();
    repo = makeRepo(join(root, 'repo'));
    const home = makeHome();
    writeConfig(
      home,
      `[worktrees]\nallowed_roots = ["${root}"]\n[cleanup]\ntrash_retention_days = 7\n`,
    );
    daemon = await startDaemon(home);
    api = cliClient(daemon);
  });
  afterAll(async () => {
    await api.close();
    await daemon.stop();
    cleanupHome(daemon.home);
    rmSync(root, { recursive: true, force: true });
  });

  it('says how long items are kept, as config.toml sets it', async () => {
    expect(await api.client.trash.retention.query()).toEqual({ days: 7 });
  });

  it('trash → restore: the worktree comes back with its changes and works with git again', async () => {
    const created = await api.client.worktrees.create.mutate({
      repoPath: repo,
      branch: 'feat/trash',
    });
    git(created.path, 'commit', '-q', '--allow-empty', '-m', 'local commit');
    writeFileSync(join(created.path, 'README.md'), '# edited\n');
    writeFileSync(join(created.path, 'staged.txt'), 'staged\n');
    git(created.path, 'add', 'staged.txt');

    const item = await api.client.trash.worktree.mutate({ worktreeId: created.id });
    expect(item).toMatchObject({
      kind: 'worktree',
      worktreeId: created.id,
      originalPath: created.path,
      trashPath: join(daemon.home, 'trash', item.id),
      branch: 'feat/trash',
      repoPath: repo,
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
    expect(git(repo, 'worktree', 'list', '--porcelain')).toContain(`worktree ${item.trashPath}`);
    expect(git(repo, 'worktree', 'list', '--porcelain')).toContain(`locked rdv trash ${item.id}`);
    expect((await api.client.trash.list.query()).map((entry) => entry.id)).toEqual([item.id]);
    expect(
      (await api.client.worktrees.records.query()).find((row) => row.id === created.id)?.status,
    ).toBe('trashed');
    expect(await codeOf(api.client.worktrees.status.query({ id: created.id }))).toBe('CONFLICT');
    expect(await codeOf(api.client.trash.worktree.mutate({ worktreeId: created.id }))).toBe(
      'CONFLICT',
    );
    // Its path stays reserved while it is in the trash.
    expect(
      await codeOf(
        api.client.worktrees.create.mutate({
          repoPath: repo,
          branch: 'feat/again',
          path: created.path,
        }),
      ),
    ).toBe('CONFLICT');

    // Restore refuses a taken path...
    mkdirSync(created.path, { recursive: true });
    expect(await errorOf(api.client.trash.restore.mutate({ id: item.id }))).toEqual({
      code: 'CONFLICT',
      message: `cannot restore trash item ${item.id}: ${created.path} is taken; move it away first`,
    });
    rmSync(created.path, { recursive: true });

    // ...and otherwise puts it back where git expects it.
    const restored = await api.client.trash.restore.mutate({ id: item.id });
    expect(restored).toMatchObject({
      reAdded: false,
      worktree: { id: created.id, path: created.path, status: 'active' },
    });
    expect(git(created.path, 'status', '--porcelain')).toBe(' M README.md\nA  staged.txt\n');
    expect(git(created.path, 'log', '-1', '--format=%s').trim()).toBe('local commit');
    expect(worktreePaths(repo)).toContain(created.path);
    expect(git(repo, 'worktree', 'list', '--porcelain')).not.toContain('locked');
    expect(existsSync(item.trashPath)).toBe(false);
    expect(await api.client.trash.list.query()).toEqual([]);
    expect(await api.client.worktrees.status.query({ id: created.id })).toMatchObject({
      changed: ['README.md'],
    });
  });

  it('purges only with force when there is uncommitted work, and prunes git', async () => {
    const created = await api.client.worktrees.create.mutate({
      repoPath: repo,
      branch: 'feat/purge',
    });
    writeFileSync(join(created.path, 'wip.txt'), 'wip\n');
    const item = await api.client.trash.worktree.mutate({ worktreeId: created.id });
    expect((await errorOf(api.client.trash.purge.mutate({ id: item.id }))).code).toBe(
      'PRECONDITION_FAILED',
    );
    expect(existsSync(item.trashPath)).toBe(true);
    expect(await api.client.trash.purge.mutate({ id: item.id, force: true })).toEqual({
      id: item.id,
      originalPath: created.path,
    });
    expect(existsSync(item.trashPath)).toBe(false);
    expect(worktreePaths(repo)).not.toContain(item.trashPath);
    expect((await api.client.worktrees.records.query()).map((row) => row.id)).not.toContain(
      created.id,
    );
    expect(await codeOf(api.client.trash.restore.mutate({ id: item.id }))).toBe('NOT_FOUND');
  });

  it('purges a clean item without force', async () => {
    const created = await api.client.worktrees.create.mutate({
      repoPath: repo,
      branch: 'feat/clean-purge',
    });
    const item = await api.client.trash.worktree.mutate({ worktreeId: created.id });
    expect(item.hasUncommittedWork).toBe(false);
    await api.client.trash.purge.mutate({ id: item.id });
    expect(existsSync(item.trashPath)).toBe(false);
  });
});
