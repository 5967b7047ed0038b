// `rdv worktree diff|stage|unstage|commit|push|pr` against a real daemon and real git: the built
// CLI run from inside the worktree (its default target), piped (plain text, --json), and once
// in-process on a terminal stream for the colours.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { WorktreeDiff } from '@rdv/api';
import { createCliContext, run } from '@rdv/cli';
import { git } from '@rdv/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { pathWithout } from '../helpers/workspace.ts';

describe('rdv worktree diff and ship commands', () => {
  // No gh for the daemon, whatever this machine has (review-ship.test.ts covers a stand-in gh).
  const fx = useDaemon({ git: 'repo', env: { PATH: pathWithout('gh') } });
  let path: string;
  let remote: string;

  beforeAll(async () => {
    remote = join(fx.root, 'remote.git');
    git(fx.root, 'init', '-q', '--bare', remote);
    git(fx.repo, 'remote', 'add', 'origin', remote);
    git(fx.repo, 'push', '-q', 'origin', 'main');
    git(fx.repo, 'config', 'user.name', 'CLI Author');
    git(fx.repo, 'config', 'user.email', 'cli@repo.invalid');
    const created = await fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch: 'feat/cli-review', baseBranch: 'main' });
    path = created.path;
    writeFileSync(join(path, 'README.md'), '# test\nchanged\n');
    mkdirSync(join(path, 'src'));
    writeFileSync(join(path, 'src', 'app.ts'), 'export const x = 1;\n');
  });

  it('diff: the worktree the current folder is in, plain when piped, with what it compares on stderr', async () => {
    const result = await rdv(fx.home, ['worktree', 'diff'], { cwd: join(path, 'src') });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\x1b');
    expect(result.stdout).toContain('diff --git a/README.md b/README.md\n');
    expect(result.stdout).toContain('\n+changed\n');
    expect(result.stdout).toContain('diff --git a/src/app.ts b/src/app.ts\nnew file mode 100644\n');
    expect(result.stderr).toMatch(/^feat\/cli-review: against main \(merge-base [0-9a-f]{8}\)\n$/);
  });

  it('diff --json is the API output; --head --file takes a path relative to the current folder', async () => {
    const json = await rdvJson<WorktreeDiff>(fx.home, ['worktree', 'diff', '--head', '--file', 'app.ts'], { cwd: join(path, 'src') });
    expect(json).toMatchObject({ path, against: 'head', branch: 'feat/cli-review' });
    expect(json.files.map((f) => [f.path, f.status])).toEqual([['src/app.ts', 'untracked']]);
    const byBranch = await rdvJson<WorktreeDiff>(fx.home, ['worktree', 'diff', 'feat/cli-review', '--stat']);
    expect(byBranch.files.map((f) => f.path)).toEqual(['README.md', 'src/app.ts']);
  });

  it('diff --stat: git-like lines and totals', async () => {
    const result = await rdv(fx.home, ['worktree', 'diff', path, '--stat']);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toBe(' README.md  | 1 +\n src/app.ts | 1 +\n 2 files changed, 2 insertions(+)\n');
  });

  it('diff on a terminal: coloured like git', async () => {
    let out = '';
    const stdout = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          out += chunk.toString();
          done();
        },
      }),
      { isTTY: true, columns: 100, rows: 30 },
    );
    const ctx = createCliContext({ env: cliEnv(fx.home, { NO_COLOR: '' }), stdout });
    ctx.stderr = new Writable({ write: (_chunk, _encoding, done) => done() });
    expect(await run(ctx, ['worktree', 'diff', path, '--file', 'README.md'])).toBe(0);
    expect(out).toContain('\x1b[1mdiff --git a/README.md b/README.md\x1b[22m');
    expect(out).toContain('\x1b[32m+changed\x1b[39m');
  });

  it('stage, unstage, commit and push from inside the worktree, then pr says why not and where', async () => {
    const cwd = join(path, 'src');
    const staged = await rdvJson(fx.home, ['worktree', 'stage', 'app.ts', '../README.md'], { cwd });
    expect(staged.staged).toEqual(['README.md', 'src/app.ts']);
    const unstaged = await rdv(fx.home, ['worktree', 'unstage', '../README.md'], { cwd });
    expect(unstaged).toMatchObject({ code: 0, stdout: `unstaged README.md; 1 file(s) staged in ${path}\n` });

    const committed = await rdv(fx.home, ['worktree', 'commit', '-m', 'Add the app'], { cwd });
    expect(committed.code).toBe(0);
    const head = git(path, 'rev-parse', 'HEAD').trim();
    expect(committed.stdout).toBe(`[feat/cli-review ${head.slice(0, 8)}] Add the app (1 file(s))\n`);
    expect(git(path, 'log', '-1', '--format=%an')).toBe('CLI Author\n');

    const pushed = await rdvJson(fx.home, ['worktree', 'push'], { cwd });
    expect(pushed).toMatchObject({ result: 'new', remote: 'origin', remoteBranch: 'feat/cli-review', commit: head, upstreamSet: true });
    expect(git(remote, 'rev-parse', 'refs/heads/feat/cli-review').trim()).toBe(head);

    git(path, 'remote', 'set-url', 'origin', 'https://github.com/octo/app.git');
    try {
      const pr = await rdv(fx.home, ['worktree', 'pr'], { cwd });
      expect(pr).toMatchObject({ code: 1, stderr: 'no pull request opened: gh is not installed\n' });
      expect(pr.stdout).toBe('open one here: https://github.com/octo/app/compare/main...feat/cli-review?expand=1\n');
    } finally {
      git(path, 'remote', 'set-url', 'origin', remote);
    }
  });

  it('refusals: a clear line and exit code', async () => {
    const nothing = await rdv(fx.home, ['worktree', 'commit', path, '-m', 'again']);
    expect(nothing).toMatchObject({ code: 1, stderr: `rdv: nothing is staged in ${path}; stage the files to commit first\n` });
    const outside = await rdv(fx.home, ['worktree', 'diff'], { cwd: realpathSync('/') });
    expect(outside).toMatchObject({ code: 2, stderr: 'rdv: the current folder is not in a git worktree; name one (a path, id or branch)\n' });
    const both = await rdv(fx.home, ['worktree', 'diff', path, '--base', '--head']);
    expect(both).toMatchObject({ code: 2, stderr: 'rdv: give --base or --head, not both\n' });
    const escape = await rdv(fx.home, ['worktree', 'stage', '../../etc/passwd'], { cwd: path });
    expect(escape.code).toBe(2);
    expect(escape.stderr).toMatch(/is not inside the worktree/);
  });

  it('--help for each command', async () => {
    for (const command of ['diff', 'stage', 'unstage', 'commit', 'push', 'pr']) {
      const help = await rdv(fx.home, ['worktree', command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: rdv worktree ${command} `));
      expect(help.stdout).toContain('--json');
    }
  });
});
