// Ship it, against a real daemon and real git: stage/unstage, commit (author from git config),
// push to a local bare repository as the remote, and pull requests through `gh`. gh cannot sign
// in here, so a stand-in `gh` on the daemon's PATH logs its argv and prints a PR URL; taking it
// off the PATH is the "not installed" case.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '@rdv/test-support';
import { auditRows } from '../helpers/audit.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { errorOf, pathWithout } from '../helpers/workspace.ts';

/** Where the stand-in gh lives; on the daemon's PATH, before everything else. */
const ghDir = mkdtempSync(join(tmpdir(), 'rdv-gh-'));
const GH = join(ghDir, 'gh');
const GH_CALLS = join(ghDir, 'calls.jsonl');
const SIGNED_IN = join(ghDir, 'signed-in');
const PR_URL = 'https://github.com/octo/app/pull/42';

/** The stand-in: logs argv, answers `auth status` as signed in only when SIGNED_IN exists. */
const GH_STAND_IN = `#!/usr/bin/env node
const { appendFileSync, existsSync, readFileSync } = require('node:fs');
const stdin = process.argv.includes('--body-file=-') ? readFileSync(0, 'utf8') : undefined;
appendFileSync(${JSON.stringify(GH_CALLS)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), stdin }) + '\\n');
const [command] = process.argv.slice(2);
if (command === 'auth') {
  if (existsSync(${JSON.stringify(SIGNED_IN)})) { console.log('github.com: Logged in'); process.exit(0); }
  console.error('You are not logged into any GitHub hosts. To log in, run: gh auth login');
  process.exit(1);
}
if (command === 'pr') { console.log('Creating pull request...'); console.log(${JSON.stringify(PR_URL)}); process.exit(0); }
process.exit(2);
`;

const installGh = () => {
  writeFileSync(GH, GH_STAND_IN);
  chmodSync(GH, 0o755);
};
type GhCall = { argv: string[]; cwd: string; stdin?: string };
const ghCalls = (): GhCall[] =>
  existsSync(GH_CALLS)
    ? readFileSync(GH_CALLS, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as GhCall)
    : [];

describe('ship it: stage, commit, push, pull request', () => {
  // The stand-in is the only gh the daemon can find.
  const fx = useDaemon({ git: 'repo', env: { PATH: `${ghDir}${delimiter}${pathWithout('gh')}` } });
  let remote: string;
  let worktree: { id: string; path: string };

  beforeAll(async () => {
    remote = join(fx.root, 'remote.git');
    git(fx.root, 'init', '-q', '--bare', remote);
    git(fx.repo, 'remote', 'add', 'origin', remote);
    git(fx.repo, 'push', '-q', 'origin', 'main');
    git(fx.repo, 'remote', 'set-head', 'origin', 'main');
    // The identity commits take: from git config (the repository's, shared by its worktrees).
    git(fx.repo, 'config', 'user.name', 'Repo Author');
    git(fx.repo, 'config', 'user.email', 'author@repo.invalid');
    const created = await fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch: 'feat/ship', baseBranch: 'main' });
    worktree = { id: created.id, path: created.path };
  });
  afterAll(() => rmSync(ghDir, { recursive: true, force: true }));

  const w = () => fx.api.client.worktrees;

  it('stages and unstages per file, new, changed and deleted files alike', async () => {
    writeFileSync(join(worktree.path, 'feature.txt'), 'a feature\n');
    writeFileSync(join(worktree.path, 'README.md'), '# test\nchanged\n');
    writeFileSync(join(worktree.path, '-dash.txt'), 'a name that looks like a flag\n');
    writeFileSync(join(worktree.path, '*'), 'a name that looks like a glob\n');
    const staged = await w().stage.mutate({ id: worktree.id, paths: ['feature.txt', '-dash.txt', '*'] });
    expect(staged).toEqual({
      path: worktree.path,
      paths: ['feature.txt', '-dash.txt', '*'],
      staged: ['*', '-dash.txt', 'feature.txt'],
      changed: ['README.md'],
    });
    // A literal pathspec: "*" staged the file named "*", not everything.
    expect(git(worktree.path, 'diff', '--cached', '--name-only').split('\n').filter(Boolean).sort()).toEqual(['*', '-dash.txt', 'feature.txt']);

    const unstaged = await w().unstage.mutate({ path: worktree.path, paths: ['-dash.txt', '*'] });
    expect(unstaged.staged).toEqual(['feature.txt']);
    expect(git(worktree.path, 'status', '--porcelain', '--', '-dash.txt')).toBe('?? -dash.txt\n');
    rmSync(join(worktree.path, '-dash.txt'));
    rmSync(join(worktree.path, '*'));

    rmSync(join(worktree.path, '.worktreeinclude'));
    expect((await w().stage.mutate({ id: worktree.id, paths: ['.worktreeinclude'] })).staged).toEqual(['.worktreeinclude', 'feature.txt']);
    expect(git(worktree.path, 'status', '--porcelain', '--', '.worktreeinclude')).toBe('D  .worktreeinclude\n');
    await w().unstage.mutate({ id: worktree.id, paths: ['.worktreeinclude'] });
    git(worktree.path, 'checkout', '--', '.worktreeinclude');

    const missing = await errorOf(w().stage.mutate({ id: worktree.id, paths: ['no-such-file.txt'] }));
    expect(missing.code).toBe('BAD_REQUEST');
    expect(missing.message).toMatch(/pathspec 'no-such-file.txt' did not match any files/);
    expect((await errorOf(w().stage.mutate({ id: worktree.id, paths: ['../outside'] }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(w().stage.mutate({ id: worktree.id, paths: [] }))).code).toBe('BAD_REQUEST');
  });

  it('commits what is staged, author and committer from git config; refuses an empty message or nothing staged', async () => {
    expect((await errorOf(w().commit.mutate({ id: worktree.id, message: '  \n ' }))).code).toBe('BAD_REQUEST');
    const result = await w().commit.mutate({ id: worktree.id, message: 'Add the feature\n\nWith a body.' });
    const head = git(worktree.path, 'rev-parse', 'HEAD').trim();
    expect(result).toEqual({ path: worktree.path, branch: 'feat/ship', commit: head, subject: 'Add the feature', files: 1 });
    expect(git(worktree.path, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%B').trim()).toBe(
      'Repo Author <author@repo.invalid>|Repo Author <author@repo.invalid>|Add the feature\n\nWith a body.',
    );
    // README.md was changed but not staged: still uncommitted.
    expect(git(worktree.path, 'status', '--porcelain')).toBe(' M README.md\n');

    const nothing = await errorOf(w().commit.mutate({ id: worktree.id, message: 'again' }));
    expect(nothing).toEqual({ code: 'PRECONDITION_FAILED', message: `nothing is staged in ${worktree.path}; stage the files to commit first` });
    expect(auditRows(fx.home, 'worktrees.commit').map((row) => [row.outcome, row.target])).toEqual([
      ['refused', `worktree:${worktree.id}`],
      ['success', `worktree:${worktree.id}`],
      ['refused', `worktree:${worktree.id}`],
    ]);
  });

  it('pushes to origin (a local bare repository), setting the upstream; then up to date; then a fast-forward', async () => {
    const first = await w().push.mutate({ id: worktree.id });
    const head = git(worktree.path, 'rev-parse', 'HEAD').trim();
    expect(first).toEqual({
      path: worktree.path,
      branch: 'feat/ship',
      remote: 'origin',
      remoteBranch: 'feat/ship',
      commit: head,
      result: 'new',
      upstreamSet: true,
    });
    expect(git(remote, 'rev-parse', 'refs/heads/feat/ship').trim()).toBe(head);
    expect(git(worktree.path, 'rev-parse', '--abbrev-ref', '@{upstream}').trim()).toBe('origin/feat/ship');

    expect(await w().push.mutate({ id: worktree.id })).toMatchObject({ result: 'up-to-date', upstreamSet: false });

    await w().stage.mutate({ id: worktree.id, paths: ['README.md'] });
    const second = await w().commit.mutate({ id: worktree.id, message: 'Change the README' });
    expect(await w().push.mutate({ path: worktree.path })).toMatchObject({ result: 'fast-forward', commit: second.commit });
    expect(git(remote, 'rev-parse', 'refs/heads/feat/ship').trim()).toBe(second.commit);
    expect(auditRows(fx.home, 'worktrees.push').map((row) => row.outcome)).toEqual(['success', 'success', 'success']);
  });

  it('refuses a push the remote rejects (it moved on), and never forces', async () => {
    const other = join(fx.root, 'other-clone');
    git(fx.root, 'clone', '-q', '--branch', 'feat/ship', remote, other);
    git(other, 'commit', '-q', '--allow-empty', '-m', 'someone else');
    git(other, 'push', '-q', 'origin', 'feat/ship');
    const theirs = git(other, 'rev-parse', 'HEAD').trim();

    git(worktree.path, 'commit', '-q', '--allow-empty', '-m', 'mine');
    const refused = await errorOf(w().push.mutate({ id: worktree.id }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toMatch(/^origin rejected the push of feat\/ship: \[rejected\] .*; pull or rebase onto origin\/feat\/ship first$/);
    expect(git(remote, 'rev-parse', 'refs/heads/feat/ship').trim()).toBe(theirs);

    git(worktree.path, 'pull', '-q', '--rebase', 'origin', 'feat/ship');
    expect(await w().push.mutate({ id: worktree.id })).toMatchObject({ result: 'fast-forward' });
  });

  it('pull request: gh not installed, then signed out: a clear reason and the compare URL', async () => {
    // The remote's URL as GitHub would give it (pushes went to the bare repository before).
    git(worktree.path, 'remote', 'set-url', 'origin', 'git@github.com:octo/app.git');
    try {
      rmSync(GH, { force: true });
      const absent = await w().pullRequest.mutate({ id: worktree.id });
      expect(absent).toEqual({
        path: worktree.path,
        branch: 'feat/ship',
        base: 'main',
        created: false,
        url: null,
        compareUrl: 'https://github.com/octo/app/compare/main...feat/ship?expand=1',
        reason: 'gh is not installed',
      });

      installGh();
      const signedOut = await w().pullRequest.mutate({ id: worktree.id });
      expect(signedOut).toMatchObject({ created: false, url: null, reason: 'gh is not signed in: run gh auth login' });
      expect(signedOut.compareUrl).toBe('https://github.com/octo/app/compare/main...feat/ship?expand=1');
      expect(ghCalls().map((call) => call.argv)).toEqual([['auth', 'status']]);
    } finally {
      git(worktree.path, 'remote', 'set-url', 'origin', remote);
    }
  });

  it('pull request: gh signed in creates it, the title passed as argv and the body on stdin, literally', async () => {
    installGh();
    writeFileSync(SIGNED_IN, '');
    rmSync(GH_CALLS, { force: true });
    const body = '-- starts like a flag\nline two with $(touch /tmp/pwned) and `backticks` and "quotes"';
    const result = await w().pullRequest.mutate({ id: worktree.id, title: '--title looks like a flag', body });
    expect(result).toEqual({
      path: worktree.path,
      branch: 'feat/ship',
      base: 'main',
      created: true,
      url: PR_URL,
      compareUrl: null, // the remote is a local bare repository, not github.com
      reason: null,
    });
    expect(ghCalls()).toEqual([
      { argv: ['auth', 'status'], cwd: worktree.path },
      {
        argv: ['pr', 'create', '--head=feat/ship', '--base=main', '--title=--title looks like a flag', '--body-file=-'],
        cwd: worktree.path,
        stdin: body,
      },
    ]);
    expect(existsSync('/tmp/pwned')).toBe(false);

    // No title: the last commit's subject.
    rmSync(GH_CALLS, { force: true });
    await w().pullRequest.mutate({ id: worktree.id });
    const subject = git(worktree.path, 'log', '-1', '--format=%s').trim();
    expect(ghCalls()[1]).toMatchObject({
      argv: ['pr', 'create', '--head=feat/ship', '--base=main', `--title=${subject}`, '--body-file=-'],
      stdin: '',
    });
  });

  it('pull request: refused while commits are not pushed', async () => {
    git(worktree.path, 'commit', '-q', '--allow-empty', '-m', 'not pushed yet');
    const refused = await errorOf(w().pullRequest.mutate({ id: worktree.id }));
    expect(refused).toEqual({
      code: 'PRECONDITION_FAILED',
      message: 'cannot open a pull request: feat/ship has 1 commit(s) not pushed to origin/feat/ship; push them first',
    });
    await w().push.mutate({ id: worktree.id });
  });

  it('every action refuses on a detached HEAD, with a clear reason', async () => {
    const detached = await fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch: 'feat/detached' });
    git(detached.path, 'checkout', '-q', '--detach');
    writeFileSync(join(detached.path, 'x.txt'), 'x\n');
    const reason = `is on a detached HEAD (no branch); check out a branch first`;
    const calls: Array<[string, Promise<unknown>]> = [
      ['stage', w().stage.mutate({ id: detached.id, paths: ['x.txt'] })],
      ['unstage', w().unstage.mutate({ id: detached.id, paths: ['x.txt'] })],
      ['commit', w().commit.mutate({ id: detached.id, message: 'x' })],
      ['push', w().push.mutate({ id: detached.id })],
      ['open a pull request', w().pullRequest.mutate({ id: detached.id })],
    ];
    // Each call is answered on its own: read every outcome at once, so none goes unhandled.
    const outcomes = calls.map(([doing, call]) => [doing, errorOf(call)] as const);
    for (const [doing, outcome] of outcomes) {
      expect(await outcome).toEqual({ code: 'PRECONDITION_FAILED', message: `cannot ${doing}: ${detached.path} ${reason}` });
    }
    expect(git(detached.path, 'status', '--porcelain')).toBe('?? x.txt\n');
    const diff = await w().diff.query({ id: detached.id, against: 'head' });
    expect(diff).toMatchObject({ branch: null, detached: true });
  });

  it('every action refuses on a conflict, naming the files', async () => {
    const conflicted = await fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch: 'feat/conflict', baseBranch: 'main' });
    const path = conflicted.path;
    writeFileSync(join(path, 'README.md'), '# conflict: ours\n');
    git(path, 'commit', '-q', '-am', 'ours');
    git(path, 'checkout', '-q', '-b', 'theirs', 'main');
    writeFileSync(join(path, 'README.md'), '# conflict: theirs\n');
    git(path, 'commit', '-q', '-am', 'theirs');
    git(path, 'checkout', '-q', 'feat/conflict');
    expect(() => git(path, 'merge', '-q', 'theirs')).toThrow();
    const reason = `${path} has unresolved conflicts in README.md; resolve them first`;
    const calls: Array<[string, Promise<unknown>]> = [
      ['stage', w().stage.mutate({ id: conflicted.id, paths: ['README.md'] })],
      ['unstage', w().unstage.mutate({ id: conflicted.id, paths: ['README.md'] })],
      ['commit', w().commit.mutate({ id: conflicted.id, message: 'merge' })],
      ['push', w().push.mutate({ id: conflicted.id })],
      ['open a pull request', w().pullRequest.mutate({ id: conflicted.id })],
    ];
    const outcomes = calls.map(([doing, call]) => [doing, errorOf(call)] as const);
    for (const [doing, outcome] of outcomes) {
      expect(await outcome).toEqual({ code: 'PRECONDITION_FAILED', message: `cannot ${doing}: ${reason}` });
    }
    expect(git(path, 'status', '--porcelain')).toBe('UU README.md\n');
  });

  it('push refuses without an upstream or an origin', async () => {
    const lonely = join(fx.root, 'lonely');
    git(fx.root, 'init', '-q', '-b', 'main', lonely);
    git(lonely, 'commit', '-q', '--allow-empty', '-m', 'first');
    expect(await errorOf(w().push.mutate({ path: lonely }))).toEqual({
      code: 'PRECONDITION_FAILED',
      message: 'cannot push main: it has no upstream and the repository has no remote named origin; add one (git remote add origin <url>)',
    });
  });
});
