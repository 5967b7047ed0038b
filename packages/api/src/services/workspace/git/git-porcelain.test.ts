import { describe, expect, it } from 'vitest';
import { parseStatusV2, parseWorktreeList } from './git-porcelain.ts';

const z = (...lines: string[]) => lines.join('\0') + '\0';

describe('parseWorktreeList', () => {
  it('reads main, branch, detached and locked entries', () => {
    const output = z(
      'worktree /src/app',
      'HEAD 1111111111111111111111111111111111111111',
      'branch refs/heads/main',
      '',
      'worktree /src/app-worktrees/feat x',
      'HEAD 2222222222222222222222222222222222222222',
      'branch refs/heads/feat/x',
      'locked rdv trash abc',
      '',
      'worktree /tmp/gone',
      'HEAD 3333333333333333333333333333333333333333',
      'detached',
      'prunable gitdir file points to non-existent location',
      '',
    );
    expect(parseWorktreeList(output)).toEqual([
      {
        path: '/src/app',
        head: '1'.repeat(40),
        branch: 'main',
        bare: false,
        detached: false,
        locked: null,
        prunable: null,
      },
      {
        path: '/src/app-worktrees/feat x',
        head: '2'.repeat(40),
        branch: 'feat/x',
        bare: false,
        detached: false,
        locked: 'rdv trash abc',
        prunable: null,
      },
      {
        path: '/tmp/gone',
        head: '3'.repeat(40),
        branch: null,
        bare: false,
        detached: true,
        locked: null,
        prunable: 'gitdir file points to non-existent location',
      },
    ]);
  });

  it('reads a bare main repository and a lock without reason', () => {
    const [bare, locked] = parseWorktreeList(
      z(
        'worktree /srv/x.git',
        'bare',
        '',
        'worktree /w',
        'HEAD ' + 'a'.repeat(40),
        'detached',
        'locked',
        '',
      ),
    );
    expect(bare).toMatchObject({ bare: true, head: null, branch: null });
    expect(locked).toMatchObject({ locked: '', detached: true });
  });
});

describe('parseStatusV2', () => {
  it('sorts entries into staged, changed, untracked and conflicted', () => {
    const output = z(
      '# branch.oid ' + 'f'.repeat(40),
      '# branch.head feat/x',
      '# branch.upstream origin/feat/x',
      '# branch.ab +2 -1',
      '1 M. N... 100644 100644 100644 aaa bbb staged only.txt',
      '1 .M N... 100644 100644 100644 aaa aaa changed.txt',
      '1 MM N... 100644 100644 100644 aaa bbb both.txt',
      '2 R. N... 100644 100644 100644 aaa aaa R100 new name.txt',
      'old name.txt',
      'u UU N... 100644 100644 100644 100644 aaa bbb ccc conflict.txt',
      '? new dir/file.txt',
    );
    expect(parseStatusV2(output)).toEqual({
      head: 'f'.repeat(40),
      branch: 'feat/x',
      upstream: 'origin/feat/x',
      upstreamGone: false,
      ahead: 2,
      behind: 1,
      staged: ['staged only.txt', 'both.txt', 'new name.txt'],
      changed: ['changed.txt', 'both.txt'],
      untracked: ['new dir/file.txt'],
      conflicted: ['conflict.txt'],
    });
  });

  it('handles an unborn, detached or upstream-less head', () => {
    expect(parseStatusV2(z('# branch.oid (initial)', '# branch.head main'))).toMatchObject({
      head: null,
      branch: 'main',
      upstream: null,
    });
    expect(
      parseStatusV2(z('# branch.oid ' + 'a'.repeat(40), '# branch.head (detached)')),
    ).toMatchObject({ branch: null });
    expect(
      parseStatusV2(
        z('# branch.oid ' + 'a'.repeat(40), '# branch.head x', '# branch.upstream origin/x'),
      ),
    ).toMatchObject({
      upstream: 'origin/x',
      upstreamGone: true,
    });
  });
});
