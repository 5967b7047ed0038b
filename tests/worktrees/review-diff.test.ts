// worktrees.diff against a real daemon and real git histories: a rename, a deletion, a binary
// file, a large file, staged/partly staged/unstaged and untracked files, the base branch
// moving on after the branch point, a conflict, and a repository with no base branch at all.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorktreeDiff, WorktreeDiffFile } from '@rdv/api';
import { git, makeRepo } from '@rdv/test-support';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { errorOf } from '../helpers/workspace.ts';

/** 300 KiB of text: its patch is over the 256 KiB per-file cap. */
const LARGE = Array.from({ length: 6_000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n') + '\n';

const byPath = (diff: WorktreeDiff) => new Map(diff.files.map((file) => [file.path, file]));
const summary = (file: WorktreeDiffFile | undefined) =>
  file && {
    status: file.status,
    oldPath: file.oldPath,
    additions: file.additions,
    deletions: file.deletions,
    binary: file.binary,
    staged: file.staged,
    tooLarge: file.tooLarge,
    hasPatch: file.patch !== null,
  };

describe('worktrees.diff', () => {
  const fx = useDaemon({ git: 'repo' });
  let worktree: { id: string; path: string };
  let branchPoint: string;

  beforeAll(async () => {
    const repo = fx.repo;
    writeFileSync(join(repo, 'a.txt'), 'alpha\nbeta\ngamma\ndelta\n');
    writeFileSync(join(repo, 'gone.txt'), 'soon deleted\n');
    writeFileSync(join(repo, 'logo.bin'), Buffer.from([0, 1, 2, 3, 0, 255]));
    git(repo, 'add', '--', 'a.txt', 'gone.txt', 'logo.bin');
    git(repo, 'commit', '-q', '-m', 'files to change');
    branchPoint = git(repo, 'rev-parse', 'HEAD').trim();

    const created = await fx.api.client.worktrees.create.mutate({
      repoPath: repo,
      branch: 'feat/review',
      baseBranch: 'main',
    });
    worktree = { id: created.id, path: created.path };
    const w = worktree.path;
    // Committed on the branch: a rename with an edit, a deletion, a binary change, a large file.
    git(w, 'mv', 'a.txt', 'renamed.txt');
    writeFileSync(join(w, 'renamed.txt'), 'alpha\nbeta\ngamma\ndelta\nepsilon\n');
    git(w, 'rm', '-q', 'gone.txt');
    writeFileSync(join(w, 'logo.bin'), Buffer.from([0, 9, 9, 9, 0, 255, 7]));
    writeFileSync(join(w, 'large.txt'), LARGE);
    git(w, 'add', '-A');
    git(w, 'commit', '-q', '-m', 'work on the branch');
    // Uncommitted: unstaged, staged then changed again, untracked (one in a new folder).
    writeFileSync(join(w, 'README.md'), '# test\nmore\n');
    writeFileSync(join(w, 'staged.txt'), 'staged\n');
    git(w, 'add', 'staged.txt');
    writeFileSync(join(w, 'staged.txt'), 'staged\nthen changed\n');
    mkdirSync(join(w, 'notes'));
    writeFileSync(join(w, 'notes', 'todo.md'), 'remember\n');
    // main moves on after the branch point: none of it belongs in the branch's diff.
    writeFileSync(join(repo, 'main-only.txt'), 'later on main\n');
    git(repo, 'add', 'main-only.txt');
    git(repo, 'commit', '-q', '-m', 'main moves on');
  });

  it("'base': commits, staged, unstaged and untracked work since the merge-base with the recorded base", async () => {
    const diff = await fx.api.client.worktrees.diff.query({ id: worktree.id });
    expect(diff).toMatchObject({
      path: worktree.path,
      branch: 'feat/review',
      detached: false,
      head: git(worktree.path, 'rev-parse', 'HEAD').trim(),
      base: { ref: 'main', commit: branchPoint, source: 'record' },
      against: 'base',
      truncated: false,
      conflicts: [],
      limits: { maxFiles: 1_000, maxFilePatchBytes: 256 * 1024, maxTotalPatchBytes: 4 * 1024 * 1024 },
    });
    expect(diff.files.map((f) => f.path)).toEqual([
      'README.md',
      'gone.txt',
      'large.txt',
      'logo.bin',
      'notes/todo.md',
      'renamed.txt',
      'staged.txt',
    ]);
    const files = byPath(diff);
    expect(summary(files.get('renamed.txt'))).toEqual({
      status: 'renamed', oldPath: 'a.txt', additions: 1, deletions: 0, binary: false, staged: 'none', tooLarge: false, hasPatch: true,
    });
    expect(files.get('renamed.txt')?.patch).toBe(
      'diff --git a/a.txt b/renamed.txt\nsimilarity index 74%\nrename from a.txt\nrename to renamed.txt\n' +
        `index ${git(fx.repo, 'rev-parse', '--short=7', `${branchPoint}:a.txt`).trim()}..${git(worktree.path, 'rev-parse', '--short=7', 'HEAD:renamed.txt').trim()} 100644\n` +
        '--- a/a.txt\n+++ b/renamed.txt\n@@ -2,3 +2,4 @@ alpha\n beta\n gamma\n delta\n+epsilon\n',
    );
    expect(summary(files.get('gone.txt'))).toMatchObject({ status: 'deleted', additions: 0, deletions: 1, hasPatch: true });
    expect(files.get('gone.txt')?.patch).toContain('deleted file mode 100644\n');
    expect(summary(files.get('logo.bin'))).toEqual({
      status: 'modified', oldPath: null, additions: null, deletions: null, binary: true, staged: 'none', tooLarge: false, hasPatch: false,
    });
    expect(summary(files.get('large.txt'))).toEqual({
      status: 'added', oldPath: null, additions: 6_000, deletions: 0, binary: false, staged: 'none', tooLarge: true, hasPatch: false,
    });
    expect(summary(files.get('README.md'))).toMatchObject({ status: 'modified', staged: 'none', additions: 1, deletions: 0 });
    expect(summary(files.get('staged.txt'))).toMatchObject({ status: 'added', staged: 'partial', additions: 2 });
    expect(summary(files.get('notes/todo.md'))).toMatchObject({ status: 'untracked', staged: 'none', additions: 1, hasPatch: true });
    expect(files.get('notes/todo.md')?.patch).toMatch(
      /^diff --git a\/notes\/todo.md b\/notes\/todo.md\nnew file mode 100644\nindex 0+\.\.\w+\n--- \/dev\/null\n\+\+\+ b\/notes\/todo.md\n@@ -0,0 \+1 @@\n\+remember\n$/,
    );
    expect(diff.totals).toEqual({ files: 7, additions: 1 + 6_000 + 1 + 1 + 2, deletions: 1 });
    // The real index was left alone: the untracked file is still untracked.
    expect(git(worktree.path, 'status', '--porcelain', '--untracked-files=all', '--', 'notes')).toBe('?? notes/todo.md\n');
  });

  it("'head': only what is not committed yet, with how much of it is staged", async () => {
    const diff = await fx.api.client.worktrees.diff.query({ path: worktree.path, against: 'head' });
    expect(diff.against).toBe('head');
    expect(diff.base).toMatchObject({ ref: 'main', commit: branchPoint, source: 'record' });
    expect(diff.files.map((f) => [f.path, f.status, f.staged])).toEqual([
      ['README.md', 'modified', 'none'],
      ['notes/todo.md', 'untracked', 'none'],
      ['staged.txt', 'added', 'partial'],
    ]);
    git(worktree.path, 'add', 'README.md');
    try {
      const after = await fx.api.client.worktrees.diff.query({ id: worktree.id, against: 'head' });
      expect(byPath(after).get('README.md')?.staged).toBe('all');
    } finally {
      git(worktree.path, 'reset', '-q', '--', 'README.md');
    }
  });

  it('one file: its entry alone, a rename found by its new or its old path', async () => {
    for (const file of ['renamed.txt', 'a.txt']) {
      const diff = await fx.api.client.worktrees.diff.query({ id: worktree.id, file });
      expect(diff.files.map((f) => [f.path, f.oldPath])).toEqual([['renamed.txt', 'a.txt']]);
      expect(diff.files[0]?.patch).toContain('rename from a.txt\nrename to renamed.txt\n');
      expect(diff.totals).toEqual({ files: 1, additions: 1, deletions: 0 });
    }
    const untracked = await fx.api.client.worktrees.diff.query({ id: worktree.id, file: 'notes/todo.md', against: 'head' });
    expect(untracked.files.map((f) => [f.path, f.status])).toEqual([['notes/todo.md', 'untracked']]);
    const unchanged = await fx.api.client.worktrees.diff.query({ id: worktree.id, file: 'nothing-here.txt' });
    expect(unchanged.files).toEqual([]);
  });

  it('stat: counts without patch text; contextLines: 0 leaves out the unchanged lines', async () => {
    const stat = await fx.api.client.worktrees.diff.query({ id: worktree.id, stat: true });
    expect(stat.files).toHaveLength(7);
    expect(stat.files.every((f) => f.patch === null && !f.tooLarge)).toBe(true);
    expect(stat.totals.additions).toBe(6_005);

    const tight = await fx.api.client.worktrees.diff.query({ id: worktree.id, file: 'renamed.txt', contextLines: 0 });
    expect(tight.files[0]?.patch).toMatch(/@@ -4,0 \+5 @@[^\n]*\n\+epsilon\n$/);
  });

  it('paths with spaces, quotes and non-ASCII letters get their own patches', async () => {
    const names = ['with space.txt', 'qu"ote.txt', 'ünïcode.txt'];
    for (const name of names) writeFileSync(join(worktree.path, name), `${name}\n`);
    try {
      const diff = await fx.api.client.worktrees.diff.query({ id: worktree.id, against: 'head' });
      for (const name of names) {
        const file = byPath(diff).get(name);
        expect(file?.status).toBe('untracked');
        expect(file?.patch).toContain(`+${name}\n`);
      }
    } finally {
      git(worktree.path, 'clean', '-q', '-f', '--', ...names);
    }
  });

  it('the main worktree of a repository by path: base from the default branch', async () => {
    const repo = makeRepo(join(fx.root, 'plain'));
    git(repo, 'checkout', '-q', '-b', 'topic');
    writeFileSync(join(repo, 'README.md'), '# topic\n');
    git(repo, 'commit', '-q', '-am', 'topic work');
    const diff = await fx.api.client.worktrees.diff.query({ path: repo });
    expect(diff.base).toEqual({ ref: 'main', commit: git(repo, 'rev-parse', 'main').trim(), source: 'default' });
    expect(diff.files.map((f) => [f.path, f.status])).toEqual([['README.md', 'modified']]);

    // A session started in a subfolder reviews the whole repository it is in.
    mkdirSync(join(repo, 'apps', 'web'), { recursive: true });
    const fromInside = await fx.api.client.worktrees.diff.query({ path: join(repo, 'apps', 'web') });
    expect({ path: fromInside.path, files: fromInside.files.map((f) => f.path) }).toEqual({ path: repo, files: ['README.md'] });
    // A folder in no repository says so.
    const outside = mkdtempSync(join(fx.root, 'no-repo-'));
    expect(await errorOf(fx.api.client.worktrees.diff.query({ path: outside }))).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(`"${outside}" is not in a git repository or worktree`),
    });
  });

  it("a repository with no base branch: 'head' works, 'base' says why not", async () => {
    const repo = makeRepo(join(fx.root, 'trunk'));
    git(repo, 'branch', '-q', '-m', 'main', 'trunk');
    writeFileSync(join(repo, 'README.md'), '# changed\n');
    const head = await fx.api.client.worktrees.diff.query({ path: repo, against: 'head' });
    expect(head.base).toBeNull();
    expect(head.files.map((f) => f.path)).toEqual(['README.md']);
    const refused = await errorOf(fx.api.client.worktrees.diff.query({ path: repo }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toMatch(/^no base branch found for .*trunk: .*against: 'head'/);
  });

  it('a conflict is listed, and its file shows the conflict markers', async () => {
    const repo = makeRepo(join(fx.root, 'conflicted'));
    git(repo, 'checkout', '-q', '-b', 'other');
    writeFileSync(join(repo, 'README.md'), '# other\n');
    git(repo, 'commit', '-q', '-am', 'other');
    git(repo, 'checkout', '-q', 'main');
    writeFileSync(join(repo, 'README.md'), '# mine\n');
    git(repo, 'commit', '-q', '-am', 'mine');
    expect(() => git(repo, 'merge', '-q', 'other')).toThrow();
    const diff = await fx.api.client.worktrees.diff.query({ path: repo, against: 'head' });
    expect(diff.conflicts).toEqual(['README.md']);
    expect(diff.files[0]?.patch).toContain('+<<<<<<< HEAD\n');
  });

  it('an unborn branch (no commit yet) is diffed against the empty tree', async () => {
    const repo = join(fx.root, 'unborn');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'first.txt'), 'first\n');
    const diff = await fx.api.client.worktrees.diff.query({ path: repo, against: 'head' });
    expect(diff).toMatchObject({ head: null, base: null, branch: 'main', detached: false });
    expect(diff.files.map((f) => [f.path, f.status])).toEqual([['first.txt', 'untracked']]);
  });

  it('caps: over 4 MiB of patches the later files go without one; over 1,000 files the list is cut', async () => {
    const repo = makeRepo(join(fx.root, 'caps'));
    // 20 files of ~250 KiB of patch each (each under the per-file cap): ~5 MiB in all.
    const chunk = Array.from({ length: 5_000 }, (_, i) => `row ${i} ${'y'.repeat(40)}`).join('\n') + '\n';
    for (let i = 0; i < 20; i++) writeFileSync(join(repo, `big-${String(i).padStart(2, '0')}.txt`), chunk);
    const heavy = await fx.api.client.worktrees.diff.query({ path: repo, against: 'head' });
    expect(heavy.files).toHaveLength(20);
    const withPatch = heavy.files.filter((f) => f.patch !== null);
    expect(withPatch.length).toBeGreaterThanOrEqual(15);
    expect(withPatch.length).toBeLessThan(20);
    // Patches in git's order until the total is used up; every later file says so.
    expect(heavy.files.slice(0, withPatch.length).every((f) => f.patch !== null && !f.tooLarge)).toBe(true);
    expect(heavy.files.slice(withPatch.length).every((f) => f.patch === null && f.tooLarge)).toBe(true);
    const kept = withPatch.reduce((total, f) => total + Buffer.byteLength(f.patch ?? ''), 0);
    expect(kept).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(heavy.truncated).toBe(false);

    for (let i = 0; i < 20; i++) rmSync(join(repo, `big-${String(i).padStart(2, '0')}.txt`));
    mkdirSync(join(repo, 'many'));
    for (let i = 0; i < 1_005; i++) writeFileSync(join(repo, 'many', `f${i}.txt`), `${i}\n`);
    const many = await fx.api.client.worktrees.diff.query({ path: repo, against: 'head', stat: true });
    expect(many.files).toHaveLength(1_000);
    expect(many.truncated).toBe(true);
    expect(many.totals).toEqual({ files: 1_005, additions: 1_005, deletions: 0 });
  });

  it('refuses a file path that climbs out, a path outside the roots, and another context', async () => {
    expect((await errorOf(fx.api.client.worktrees.diff.query({ id: worktree.id, file: '../x' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(fx.api.client.worktrees.diff.query({ id: worktree.id, file: '/etc/passwd' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(fx.api.client.worktrees.diff.query({ path: '/etc' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(fx.api.client.worktrees.diff.query({ id: worktree.id, contextLines: 101 }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(fx.api.client.worktrees.diff.query({ id: worktree.id, path: worktree.path }))).code).toBe('BAD_REQUEST');
  });
});
