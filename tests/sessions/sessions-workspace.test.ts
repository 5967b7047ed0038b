import { existsSync, mkdirSync } from 'node:fs';
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
import { branches, makeGitRoot, makeRepo, waitUntil, worktreePaths } from '@rdv/test-support';

describe('sessions in folders and worktrees', () => {
  let daemon: DaemonProcess;
  let api: ReturnType<typeof cliClient>;
  let root: string;
  beforeAll(async () => {
    root = makeGitRoot();
    const home = makeHome();
    writeConfig(home, `[worktrees]\nallowed_roots = ["${root}"]\n`);
    // A variable every session would inherit from the daemon's environment, unless unset.
    daemon = await startDaemon(home, { RDV_INHERITED_SECRET: 'from-daemon' });
    api = cliClient(daemon);
  });
  afterAll(async () => {
    await api.close();
    await daemon.stop();
    cleanupHome(daemon.home);
  });

  const scrollback = async (id: string) => (await api.client.sessions.scrollback.query({ id, lines: 200 })).text;

  it('a session created in a folder starts in the inherited cwd with the inherited env', async () => {
    const projects = join(root, 'projects');
    mkdirSync(projects, { recursive: true });
    const top = await api.client.folders.create.mutate({ name: 'work' });
    const sub = await api.client.folders.create.mutate({ name: 'app', parentId: top.id });
    await api.client.preferences.set.mutate({ values: { env: { FROM_USER: 'user-level' } } });
    await api.client.preferences.set.mutate({
      folderId: top.id,
      values: { cwd: projects, env: { FROM_FOLDER: 'top-level', RDV_INHERITED_SECRET: null } },
    });
    await api.client.preferences.set.mutate({ folderId: sub.id, values: { env: { FROM_FOLDER: 'sub-level' } } });

    const session = await api.client.sessions.create.mutate({ folderId: sub.id });
    expect(session.cwd).toBe(projects);
    expect(session.folderId).toBe(sub.id);
    await api.client.sessions.exec.mutate({
      id: session.id,
      text: 'echo "pwd=$(pwd) user=$FROM_USER folder=$FROM_FOLDER secret=${RDV_INHERITED_SECRET:-unset}"',
    });
    await waitUntil(async () => (await scrollback(session.id)).includes('secret='), 'env echo');
    expect(await scrollback(session.id)).toContain(`pwd=${projects} user=user-level folder=sub-level secret=unset`);

    // Outside the folder the daemon's variable is inherited as usual.
    const plain = await api.client.sessions.create.mutate({ cwd: root });
    await api.client.sessions.exec.mutate({ id: plain.id, text: 'echo "secret=${RDV_INHERITED_SECRET:-unset}"' });
    await waitUntil(async () => (await scrollback(plain.id)).includes('secret=from-daemon'), 'inherited env');

    // Explicit input beats preferences.
    const explicit = await api.client.sessions.create.mutate({ folderId: sub.id, cwd: root, env: { FROM_FOLDER: 'explicit' } });
    expect(explicit.cwd).toBe(root);
    await api.client.sessions.exec.mutate({ id: explicit.id, text: 'echo "folder=$FROM_FOLDER"' });
    await waitUntil(async () => (await scrollback(explicit.id)).includes('folder=explicit'), 'explicit env');
  });

  it('creates a worktree with the session, and can trash it on close', async () => {
    const repo = makeRepo(join(root, 'repo'));
    const session = await api.client.sessions.create.mutate({ worktree: { repoPath: repo, branch: 'feature/one' } });
    expect(session.worktreeId).not.toBeNull();
    expect(session.name).toBe('feature/one');
    expect(branches(repo)).toContain('feature/one');
    expect(worktreePaths(repo)).toContain(session.cwd);
    await api.client.sessions.exec.mutate({ id: session.id, text: 'git rev-parse --abbrev-ref HEAD' });
    await waitUntil(async () => (await scrollback(session.id)).includes('\nfeature/one'), 'branch in session');

    const closed = await api.client.sessions.close.mutate({ id: session.id, trashWorktree: true });
    expect(closed.status).toBe('trashed');
    expect(existsSync(session.cwd)).toBe(false);
    const trash = await api.client.trash.list.query();
    expect(trash.some((item) => item.sessionId === session.id)).toBe(true);
  });

  it('a session create refused for its input makes no worktree or branch', async () => {
    const repo = makeRepo(join(root, 'repo2'));
    const before = worktreePaths(repo);
    await expect(
      api.client.sessions.create.mutate({ kind: 'agent', worktree: { repoPath: repo, branch: 'never' } }),
    ).rejects.toThrow(/needs a command/);
    expect(worktreePaths(repo)).toEqual(before);
    expect(branches(repo)).not.toContain('never');
  });
});
