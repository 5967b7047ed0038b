import { describe, expect, it } from 'vitest';
import type { WorktreeDiff, WorktreeDiffFile } from '../api/types.ts';
import { diffColors, diffHeading, renderPatch, renderStat, totalsLine } from './diff-render.ts';

const file = (over: Partial<WorktreeDiffFile>): WorktreeDiffFile => ({
  path: 'a.txt',
  oldPath: null,
  status: 'modified',
  additions: 1,
  deletions: 1,
  binary: false,
  staged: 'none',
  patch: null,
  tooLarge: false,
  ...over,
});

const diff = (files: WorktreeDiffFile[], over: Partial<WorktreeDiff> = {}): WorktreeDiff => ({
  path: '/src/app',
  branch: 'feat/x',
  detached: false,
  head: 'f'.repeat(40),
  base: { ref: 'main', commit: 'abcdef0123456789'.padEnd(40, '0'), source: 'record' },
  against: 'base',
  files,
  totals: {
    files: files.length,
    additions: files.reduce((n, f) => n + (f.additions ?? 0), 0),
    deletions: files.reduce((n, f) => n + (f.deletions ?? 0), 0),
  },
  truncated: false,
  conflicts: [],
  limits: { maxFiles: 1_000, maxFilePatchBytes: 256 * 1024, maxTotalPatchBytes: 4 * 1024 * 1024 },
  ...over,
});

const PATCH = 'diff --git a/a.txt b/a.txt\nindex 1..2 100644\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@ fn\n-old\n+new\n';

describe('renderPatch', () => {
  it('prints git\'s patch as is when plain', () => {
    expect(renderPatch(diff([file({ patch: PATCH })]), diffColors(false))).toBe(PATCH.replace(/\n$/, ''));
  });

  it('colours it like git on a terminal: headers bold, hunks cyan, + green, - red', () => {
    const out = renderPatch(diff([file({ patch: PATCH })]), diffColors(true));
    expect(out).toContain('\x1b[1mdiff --git a/a.txt b/a.txt\x1b[22m');
    expect(out).toContain('\x1b[36m@@ -1 +1 @@\x1b[39m fn');
    expect(out).toContain('\x1b[31m-old\x1b[39m');
    expect(out).toContain('\x1b[32m+new\x1b[39m');
  });

  it('says why a binary or too large file has no patch', () => {
    const out = renderPatch(
      diff([
        file({ path: 'logo.png', binary: true, additions: null, deletions: null }),
        file({ path: 'big.txt', oldPath: 'old.txt', status: 'renamed', tooLarge: true, additions: 9000, deletions: 2 }),
      ]),
      diffColors(false),
    );
    expect(out).toBe(
      [
        'diff --git a/logo.png b/logo.png',
        'Binary file logo.png (modified), not shown',
        'diff --git a/old.txt b/big.txt',
        '# big.txt: patch over the size limit, not shown (+9000 -2)',
      ].join('\n'),
    );
  });
});

describe('renderStat', () => {
  it("prints git's stat lines, Bin for binary files, old => new for renames, and the totals", () => {
    const out = renderStat(
      diff([
        file({ path: 'README.md', additions: 3, deletions: 1 }),
        file({ path: 'logo.png', binary: true, additions: null, deletions: null }),
        file({ path: 'new.ts', oldPath: 'old.ts', status: 'renamed', additions: 0, deletions: 2 }),
      ]),
      diffColors(false),
    );
    expect(out).toBe(
      [
        ' README.md        | 4 +++-',
        ' logo.png         | Bin',
        ' old.ts => new.ts | 2 --',
        ' 3 files changed, 3 insertions(+), 3 deletions(-)',
      ].join('\n'),
    );
  });

  it('scales the bar to the width, keeping a mark for each side that changed', () => {
    const out = renderStat(diff([file({ path: 'big', additions: 1_000, deletions: 1 })]), diffColors(false), 40);
    const bar = out.split('\n')[0]?.split(' | 1001 ')[1] ?? '';
    expect(bar).toMatch(/^\++-$/);
    expect(bar.length).toBeLessThanOrEqual(40);
  });
});

describe('totalsLine and diffHeading', () => {
  it('words the totals like git', () => {
    expect(totalsLine(diff([file({ additions: 1, deletions: 0 })]))).toBe(' 1 file changed, 1 insertion(+)');
    expect(totalsLine(diff([file({ additions: 0, deletions: 2 })]))).toBe(' 1 file changed, 2 deletions(-)');
  });

  it('says what is compared and which caps were hit', () => {
    const notes = diffHeading(
      diff([file({ tooLarge: true })], { truncated: true, totals: { files: 1_200, additions: 1, deletions: 1 }, conflicts: ['x.txt'] }),
    );
    expect(notes).toEqual([
      'feat/x: against main (merge-base abcdef01)',
      'unresolved conflicts: x.txt',
      'only the first 1 of 1200 files are listed',
      '1 patch(es) over the size limits are not shown (256 KiB a file, 4 MiB in all); --file <path> shows one alone',
    ]);
    expect(diffHeading(diff([], { against: 'head', branch: null }))).toEqual(['(detached HEAD): uncommitted changes (against HEAD)']);
  });
});
