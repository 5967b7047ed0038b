import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { branches, makeRepo, waitUntil, worktreePaths } from '@rdv/test-support';

describe('sessions in folders and worktrees', () => {
  const fx = useDaemon({ git: 'root', env: { RDV_INHERITED_SECRET: 'from-daemon' } });
  beforeAll(async () => {
    // A variable every session would inherit from the daemon's environment, unless unset.
  });

  const scrollback = async (id: string) => (await fx.api.client.sessions.scrollback.query({ id, lines: 200 })).text;

  it('a session created in a folder starts in the inherited cwd with the inherited env', async () => {
    const projects = join(fx.root, 'projects');
    mkdirSync(projects, { recursive: true });
    const top = await fx.api.client.folders.create.mutate({ name: 'work' });
    const sub = await fx.api.client.folders.create.mutate({ name: 'app', parentId: top.id });
    await fx.api.client.preferences.set.mutate({ values: { env: { FROM_USER: 'user-level' } } });
    await fx.api.client.preferences.set.mutate({
      folderId: top.id,
      values: { cwd: projects, env: { FROM_FOLDER: 'top-level', RDV_INHERITED_SECRET: null } },
    });
    await fx.api.client.preferences.set.mutate({ folderId: sub.id, values: { env: { FROM_FOLDER: 'sub-level' } } });

    const session = await fx.api.client.sessions.create.mutate({ folderId: sub.id });
    expect(session.cwd).toBe(projects);
    expect(session.folderId).toBe(sub.id);
    await fx.api.client.sessions.exec.mutate({
      id: session.id,
      text: 'echo "pwd=$(pwd) user=$FROM_USER folder=$FROM_FOLDER secret=${RDV_INHERITED_SECRET:-unset}"',
    });
    await waitUntil(async () => (await scrollback(session.id)).includes('secret='), 'env echo');
    expect(await scrollback(session.id)).toContain(`pwd=${projects} user=user-level folder=sub-level secret=unset`);

    // Outside the folder the daemon's variable is inherited as usual.
    const plain = await fx.api.client.sessions.create.mutate({ cwd: fx.root });
    await fx.api.client.sessions.exec.mutate({ id: plain.id, text: 'echo "secret=${RDV_INHERITED_SECRET:-unset}"' });
    await waitUntil(async () => (await scrollback(plain.id)).includes('secret=from-daemon'), 'inherited env');

    // Explicit input beats preferences.
    const explicit = await fx.api.client.sessions.create.mutate({ folderId: sub.id, cwd: fx.root, env: { FROM_FOLDER: 'explicit' } });
    expect(explicit.cwd).toBe(fx.root);
    await fx.api.client.sessions.exec.mutate({ id: explicit.id, text: 'echo "folder=$FROM_FOLDER"' });
    await waitUntil(async () => (await scrollback(explicit.id)).includes('folder=explicit'), 'explicit env');
  });

  it('creates a worktree with the session, and can trash it on close', async () => {
    const repo = makeRepo(join(fx.root, 'repo'));
    const session = await fx.api.client.sessions.create.mutate({ worktree: { repoPath: repo, branch: 'feature/one' } });
    expect(session.worktreeId).not.toBeNull();
    expect(session.name).toBe('feature/one');
    expect(branches(repo)).toContain('feature/one');
    expect(worktreePaths(repo)).toContain(session.cwd);
    await fx.api.client.sessions.exec.mutate({ id: session.id, text: 'git rev-parse --abbrev-ref HEAD' });
    await waitUntil(async () => (await scrollback(session.id)).includes('\nfeature/one'), 'branch in session');

    const closed = await fx.api.client.sessions.close.mutate({ id: session.id, trashWorktree: true });
    expect(closed.status).toBe('trashed');
    expect(existsSync(session.cwd)).toBe(false);
    const trash = await fx.api.client.trash.list.query();
    expect(trash.some((item) => item.sessionId === session.id)).toBe(true);
  });

  it('a session create refused for its input makes no worktree or branch', async () => {
    const repo = makeRepo(join(fx.root, 'repo2'));
    const before = worktreePaths(repo);
    await expect(
      fx.api.client.sessions.create.mutate({ kind: 'agent', worktree: { repoPath: repo, branch: 'never' } }),
    ).rejects.toThrow(/needs a command/);
    expect(worktreePaths(repo)).toEqual(before);
    expect(branches(repo)).not.toContain('never');
  });
});
