import { describe, expect, it } from 'vitest';
import { recentRepositories, repositoryCandidates } from './recent-repositories';

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();

describe('repositoryCandidates', () => {
  it('lists worktree repositories and session folders once each, most recent first', () => {
    const candidates = repositoryCandidates({
      records: [
        { repoPath: '/src/app', updatedAt: at(1) },
        { repoPath: '/src/app', updatedAt: at(5) },
        { repoPath: '/src/lib', updatedAt: at(2) },
      ],
      sessions: [
        { cwd: '/home/me', lastActivityAt: at(9), updatedAt: at(0) },
        { cwd: '/src/app/', lastActivityAt: null, updatedAt: at(7) },
        { cwd: '/src/tool', lastActivityAt: at(3), updatedAt: at(3) },
      ],
    });
    expect(candidates).toEqual([
      { path: '/home/me', known: false },
      // A session in a known repository: still known (no need to ask git), at the later time.
      { path: '/src/app', known: true },
      { path: '/src/tool', known: false },
      { path: '/src/lib', known: true },
    ]);
  });

  it('keeps at most `limit`, and ignores paths that are not absolute', () => {
    const sessions = Array.from({ length: 12 }, (_, i) => ({
      cwd: `/p/${i}`,
      lastActivityAt: at(i),
      updatedAt: at(i),
    }));
    sessions.push({ cwd: 'relative', lastActivityAt: at(59), updatedAt: at(59) });
    const candidates = repositoryCandidates({ records: [], sessions }, 3);
    expect(candidates.map((c) => c.path)).toEqual(['/p/11', '/p/10', '/p/9']);
  });
});

describe('recentRepositories', () => {
  it('keeps known ones, checked ones under the root git named, and drops the rest', () => {
    const repos = recentRepositories(
      [
        { path: '/home/me', known: false },
        { path: '/src/app', known: true },
        { path: '/src/app-worktrees/feat', known: false },
        { path: '/src/tool', known: false },
        { path: '/src/new', known: false },
      ],
      new Map([
        ['/home/me', null],
        ['/src/app-worktrees/feat', '/src/app'],
        ['/src/tool', '/src/tool'],
        ['/src/new', undefined],
      ]),
    );
    expect(repos).toEqual(['/src/app', '/src/tool']);
  });
});
