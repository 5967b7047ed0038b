import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { git, worktreePaths } from '@rdv/test-support';

describe('rdv folder, worktree, pref and trash against a real daemon', () => {
  const fx = useDaemon({ git: 'repo', env: { SHELL: '/bin/bash' } });

  it('folders: create, nest, list as a tree, rename, move, show, delete', async () => {
    const work = await rdvJson(fx.home, ['folder', 'create', 'work']);
    const api1 = await rdvJson(fx.home, ['folder', 'create', 'api', '--parent', 'work']);
    expect(api1.parentId).toBe(work.id);
    await rdv(fx.home, ['folder', 'create', 'play']);

    const tree = await rdv(fx.home, ['folder', 'list']);
    expect(tree.code).toBe(0);
    expect(tree.stdout).toMatch(/^ID\s+NAME\s+SESSIONS\n/);
    expect(tree.stdout).toMatch(/play\s+0\n/);
    expect(tree.stdout).toMatch(/work\s+0\n.*\s{3}api\s+0\n/); // api indented under work

    // A session created into a folder by path shows up in it.
    const session = await rdvJson(fx.home, [
      'session',
      'create',
      '--name',
      'in-api',
      '--folder',
      'work/api',
      '--cwd',
      fx.root,
    ]);
    expect(session.folderId).toBe(api1.id);
    expect((await rdv(fx.home, ['folder', 'list'])).stdout).toMatch(/api\s+1\n/);
    expect((await rdv(fx.home, ['session', 'list'])).stdout).toMatch(
      /in-api\s+shell\s+active\s+work\/api/,
    );

    expect((await rdv(fx.home, ['folder', 'rename', 'play', 'games'])).code).toBe(0);
    expect((await rdvJson(fx.home, ['folder', 'move', 'games', 'work'])).parentId).toBe(work.id);
    expect((await rdvJson(fx.home, ['folder', 'move', 'games', '--root'])).parentId).toBeNull();
    expect((await rdv(fx.home, ['folder', 'move', 'work', 'work/api'])).code).toBe(1); // a cycle: CONFLICT

    const shown = await rdv(fx.home, ['folder', 'show', 'work/api']);
    expect(shown.stdout).toMatch(/path:\s+work\/api/);
    expect(shown.stdout).toContain('in-api');

    // Deleting a folder with a live session is refused (exit 1) until its contents move up.
    const refused = await rdv(fx.home, ['folder', 'delete', 'work/api']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect((await rdv(fx.home, ['folder', 'delete', 'work/api', '--move-contents'])).code).toBe(0);
    expect((await fx.api.client.sessions.get.query({ id: session.id })).folderId).toBe(work.id);
    expect((await rdv(fx.home, ['folder', 'show', 'nothing-here'])).code).toBe(3);

    expect((await rdv(fx.home, ['session', 'move', 'in-api', '--root'])).code).toBe(0);
    expect((await fx.api.client.sessions.get.query({ id: session.id })).folderId).toBeNull();
    expect((await rdv(fx.home, ['session', 'move', 'in-api', 'games'])).code).toBe(0);
  });

  it('worktrees: create, list, status, remove (refused when dirty unless --force)', async () => {
    const created = await rdvJson(fx.home, ['worktree', 'create', 'feat/cli', '--repo', fx.repo]);
    const path = join(fx.root, 'repo-worktrees', 'feat-cli');
    expect(created).toMatchObject({ branch: 'feat/cli', path, status: 'active' });
    expect(worktreePaths(fx.repo)).toContain(path);

    const records = await rdv(fx.home, ['worktree', 'list']);
    expect(records.stdout).toMatch(/feat\/cli\s+active/);
    const gitView = await rdvJson<Array<{ path: string; main: boolean }>>(fx.home, [
      'worktree',
      'list',
      '--repo',
      fx.repo,
    ]);
    expect(gitView.map((e) => [e.path, e.main])).toEqual([
      [fx.repo, true],
      [path, false],
    ]);

    // By path, by branch name and by id.
    expect((await rdvJson(fx.home, ['worktree', 'status', path])).clean).toBe(true);
    writeFileSync(join(path, 'new-file.txt'), 'x\n');
    const status = await rdv(fx.home, ['worktree', 'status', 'feat/cli']);
    expect(status.stdout).toMatch(/clean:\s+no/);
    expect(status.stdout).toMatch(/untracked:\s+1: new-file.txt/);

    const refused = await rdv(fx.home, ['worktree', 'remove', created.id]);
    expect(refused.code).toBe(1);
    expect(existsSync(path)).toBe(true);
    expect((await rdv(fx.home, ['worktree', 'remove', created.id, '--force'])).code).toBe(0);
    expect(existsSync(path)).toBe(false);
    expect(git(fx.repo, 'branch', '--list', 'feat/cli').trim()).toContain('feat/cli'); // the branch is kept

    const outside = await rdv(fx.home, ['worktree', 'create', 'x', '--repo', '/tmp']);
    expect(outside.code).toBe(1); // FORBIDDEN: outside allowed_roots
    expect(outside.stderr).toMatch(/^rdv: .+\n$/);
  });

  it('session create --worktree, then close --trash-worktree, trash list and restore', async () => {
    const session = await rdvJson(fx.home, [
      'session',
      'create',
      '--worktree',
      'feat/task',
      '--repo',
      fx.repo,
      '--name',
      'task',
    ]);
    const path = join(fx.root, 'repo-worktrees', 'feat-task');
    expect(session.cwd).toBe(path);
    expect(session.worktreeId).toBeTruthy();

    const closed = await rdvJson(fx.home, ['session', 'close', 'task', '--trash-worktree']);
    expect(closed[0].status).toBe('trashed');
    expect(existsSync(path)).toBe(false);
    const items = await rdvJson<Array<{ id: string; originalPath: string }>>(fx.home, [
      'trash',
      'list',
    ]);
    const item = items.find((i) => i.originalPath === path)!;
    expect(item).toBeTruthy();
    expect((await rdv(fx.home, ['trash', 'list'])).stdout).toContain('feat/task');
    expect((await rdv(fx.home, ['trash', 'restore', item.id.slice(0, 8)])).code).toBe(0);
    expect(existsSync(path)).toBe(true);
  });

  it('pref: set, show with sources, unset', async () => {
    expect(
      (await rdv(fx.home, ['pref', 'set', `cwd=${fx.root}`, 'env.RDV_CLI_TEST=yes', 'fontSize=15'])).code,
    ).toBe(0);
    const shown = await rdv(fx.home, ['pref', 'show']);
    expect(shown.stdout).toMatch(new RegExp(`cwd\\s+${fx.root}\\s+user`));
    expect(shown.stdout).toMatch(/fontSize\s+15\s+user/);
    const resolved = await rdvJson(fx.home, ['pref', 'show']);
    expect(resolved.values.env).toMatchObject({ RDV_CLI_TEST: 'yes' });
    expect((await rdv(fx.home, ['pref', 'set', '--unset', 'fontSize'])).code).toBe(0);
    expect((await rdvJson(fx.home, ['pref', 'show'])).sources.fontSize).toBe('default');
    expect((await rdv(fx.home, ['pref', 'set', 'fontSize=999'])).code).toBe(2);
    expect((await rdv(fx.home, ['pref', 'set', 'colour=red'])).code).toBe(2);
  });
});
