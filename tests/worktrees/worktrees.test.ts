import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { branches, entries, git, makeGitRoot, makeRepo, worktreePaths } from '@rdv/test-support';
import { codeOf, errorOf } from '../helpers/workspace.ts';

describe('worktrees', () => {
  let outside: string;
  const fx = useDaemon({ git: 'repo' });
  beforeAll(async () => {
    outside = makeGitRoot();
  });
  afterAll(async () => {
    rmSync(outside, { recursive: true, force: true });
  });

  it('creates beside the repository, copying .env files and .worktreeinclude entries', async () => {
    const created = await fx.api.client.worktrees.create.mutate({
      repoPath: fx.repo,
      branch: 'feat/one',
    });
    const expected = join(fx.root, 'repo-worktrees', 'feat-one');
    expect(created).toMatchObject({
      path: expected,
      branch: 'feat/one',
      repoPath: fx.repo,
      status: 'active',
      setup: null,
    });
    expect(created.files.copied.sort()).toEqual(['.env', '.env.local', 'local/settings.json']);
    expect(readFileSync(join(expected, '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(git(expected, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('feat/one');
    expect(worktreePaths(fx.repo)).toContain(expected);

    const listed = await fx.api.client.worktrees.list.query({ repoPath: fx.repo });
    expect(listed.map((entry) => [entry.path, entry.main, entry.worktreeId])).toEqual([
      [fx.repo, true, null],
      [expected, false, created.id],
    ]);
    expect((await fx.api.client.worktrees.records.query()).map((row) => row.id)).toContain(created.id);
  });

  it('create → status with a modified file → remove refused → forced remove', async () => {
    const w = fx.api.client.worktrees;
    const created = await w.create.mutate({
      repoPath: fx.repo,
      branch: 'feat/status',
      baseBranch: 'main',
    });
    expect(await w.status.query({ id: created.id })).toMatchObject({
      clean: true,
      unpushedCount: 0,
      branch: 'feat/status',
    });

    writeFileSync(join(created.path, 'README.md'), '# changed\n');
    writeFileSync(join(created.path, 'staged.txt'), 'staged\n');
    git(created.path, 'add', 'staged.txt');
    writeFileSync(join(created.path, 'scratch.txt'), 'untracked\n');
    const status = await w.status.query({ path: created.path });
    expect(status).toMatchObject({
      clean: false,
      changed: ['README.md'],
      staged: ['staged.txt'],
      untracked: ['scratch.txt'],
      upstream: null,
      unpushedCount: 0,
    });

    const refused = await errorOf(w.remove.mutate({ id: created.id }));
    expect(refused).toEqual({
      code: 'PRECONDITION_FAILED',
      message: `worktree ${created.path} has 1 staged, 1 changed, 1 untracked file(s); commit and push them, or pass force to remove it anyway`,
    });
    expect(existsSync(join(created.path, 'scratch.txt'))).toBe(true);

    expect(await w.remove.mutate({ id: created.id, force: true })).toEqual({
      path: created.path,
      branch: 'feat/status',
      forced: true,
    });
    expect(existsSync(created.path)).toBe(false);
    expect(worktreePaths(fx.repo)).not.toContain(created.path);
    expect(branches(fx.repo)).toContain('feat/status');
    expect(await codeOf(w.status.query({ id: created.id }))).toBe('NOT_FOUND');
  });

  it('counts commits no other branch has as unpushed, and refuses to remove them silently', async () => {
    const w = fx.api.client.worktrees;
    const created = await w.create.mutate({ repoPath: fx.repo, branch: 'feat/commits' });
    git(created.path, 'commit', '-q', '--allow-empty', '-m', 'only here');
    const status = await w.status.query({ id: created.id });
    expect(status).toMatchObject({
      clean: true,
      unpushedCount: 1,
      unpushedCommits: [{ subject: 'only here' }],
    });
    expect((await errorOf(w.remove.mutate({ id: created.id }))).message).toMatch(
      /1 unpushed commit\(s\)/,
    );
    await w.remove.mutate({ id: created.id, force: true });
  });

  it('removes a clean worktree without force', async () => {
    const w = fx.api.client.worktrees;
    const created = await w.create.mutate({
      repoPath: fx.repo,
      branch: 'feat/clean',
      path: join(fx.root, 'elsewhere', 'clean'),
    });
    expect(created.path).toBe(join(fx.root, 'elsewhere', 'clean'));
    expect((await w.remove.mutate({ path: created.path })).forced).toBe(false);
    expect(existsSync(created.path)).toBe(false);
  });

  describe('refusals leave nothing behind', () => {
    const snapshot = () => ({
      root: entries(fx.root),
      outside: entries(outside),
      branches: branches(fx.repo),
      worktrees: worktreePaths(fx.repo),
    });

    it.each([
      [
        'a bad branch name',
        () => ({ branch: 'bad..name' }),
        'BAD_REQUEST',
        /"bad\.\.name" is not a valid branch name/,
      ],
      [
        'a branch that reads as an option',
        () => ({ branch: '-b' }),
        'BAD_REQUEST',
        /cannot start with/,
      ],
      ['a reflog shorthand', () => ({ branch: '@{-1}' }), 'BAD_REQUEST', /not a valid branch name/],
      [
        'an unknown base',
        () => ({ branch: 'feat/base', baseBranch: 'nope' }),
        'BAD_REQUEST',
        /base "nope" names no commit/,
      ],
    ])('%s', async (_name, input, code, message) => {
      const before = snapshot();
      const error = await errorOf(
        fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, ...input() }),
      );
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(snapshot()).toEqual(before);
    });

    it('a path outside the allowed roots', async () => {
      const before = snapshot();
      const target = join(outside, 'wt');
      const error = await errorOf(
        fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch: 'feat/out', path: target }),
      );
      expect(error).toEqual({
        code: 'FORBIDDEN',
        message: `"${target}" is outside the allowed roots (${fx.root}); see [worktrees] allowed_roots`,
      });
      expect(snapshot()).toEqual(before);
    });

    it('a path escaping through a symlink, and a repository reached through one', async () => {
      symlinkSync(outside, join(fx.root, 'escape'));
      const outsideRepo = makeRepo(join(outside, 'other-repo'));
      const before = snapshot();
      const viaLink = await errorOf(
        fx.api.client.worktrees.create.mutate({
          repoPath: fx.repo,
          branch: 'feat/link',
          path: join(fx.root, 'escape', 'wt'),
        }),
      );
      expect(viaLink.code).toBe('FORBIDDEN');
      expect(viaLink.message).toContain(`(resolves to "${join(outside, 'wt')}")`);
      const linkedRepo = await errorOf(
        fx.api.client.worktrees.create.mutate({
          repoPath: join(fx.root, 'escape', 'other-repo'),
          branch: 'feat/link',
        }),
      );
      expect(linkedRepo.code).toBe('FORBIDDEN');
      expect(
        await codeOf(
          fx.api.client.worktrees.list.query({ repoPath: join(fx.root, 'escape', 'other-repo') }),
        ),
      ).toBe('FORBIDDEN');
      expect(snapshot()).toEqual(before);
      expect(branches(outsideRepo)).toEqual(['main']);
      rmSync(join(fx.root, 'escape'));
    });

    it('".." segments and relative paths', async () => {
      const before = snapshot();
      const dots = `${fx.root}/repo/../../${outside.split('/').pop()}/wt`;
      expect(
        await codeOf(
          fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch: 'feat/dots', path: dots }),
        ),
      ).toBe('BAD_REQUEST');
      expect(
        await codeOf(fx.api.client.worktrees.create.mutate({ repoPath: 'repo', branch: 'feat/rel' })),
      ).toBe('BAD_REQUEST');
      expect(snapshot()).toEqual(before);
    });

    it('a folder that is not a repository', async () => {
      mkdirSync(join(fx.root, 'plain'));
      const before = snapshot();
      expect(
        await errorOf(
          fx.api.client.worktrees.create.mutate({ repoPath: join(fx.root, 'plain'), branch: 'feat/x' }),
        ),
      ).toEqual({
        code: 'BAD_REQUEST',
        message: `"${join(fx.root, 'plain')}" is not a git repository (the top folder of one)`,
      });
      expect(
        await codeOf(
          fx.api.client.worktrees.create.mutate({ repoPath: join(fx.root, 'missing'), branch: 'feat/x' }),
        ),
      ).toBe('BAD_REQUEST');
      expect(snapshot()).toEqual(before);
      rmSync(join(fx.root, 'plain'), { recursive: true });
    });

    it('a taken path or a branch checked out elsewhere', async () => {
      const first = await fx.api.client.worktrees.create.mutate({
        repoPath: fx.repo,
        branch: 'feat/taken',
      });
      const before = snapshot();
      expect(
        await codeOf(
          fx.api.client.worktrees.create.mutate({
            repoPath: fx.repo,
            branch: 'feat/other',
            path: first.path,
          }),
        ),
      ).toBe('CONFLICT');
      expect(
        (
          await errorOf(
            fx.api.client.worktrees.create.mutate({
              repoPath: fx.repo,
              branch: 'feat/taken',
              path: join(fx.root, 'x'),
            }),
          )
        ).message,
      ).toBe(`branch "feat/taken" is already checked out at ${first.path}`);
      expect(await codeOf(fx.api.client.worktrees.remove.mutate({ path: fx.repo }))).toBe('BAD_REQUEST');
      expect(snapshot()).toEqual(before);
    });
  });
});
