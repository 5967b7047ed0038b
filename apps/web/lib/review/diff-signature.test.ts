import type { WorktreeDiffFile } from '@rdv/api';
import { describe, expect, it } from 'vitest';
import { diffSignature, type DiffStat } from './diff-signature';

const file = (over: Partial<WorktreeDiffFile> = {}): WorktreeDiffFile => ({
  path: 'app.ts',
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

const stat = (over: Partial<DiffStat> = {}): DiffStat => ({
  branch: 'feat',
  head: 'a'.repeat(40),
  base: null,
  files: [file()],
  totals: { files: 1, additions: 1, deletions: 1 },
  truncated: false,
  conflicts: [],
  ...over,
});

describe('diffSignature', () => {
  it('changes with counts, staging, a new file or a new commit', () => {
    const before = diffSignature(stat());
    expect(diffSignature(stat())).toBe(before);
    expect(diffSignature(stat({ files: [file({ additions: 2 })] }))).not.toBe(before);
    expect(diffSignature(stat({ files: [file({ staged: 'all' })] }))).not.toBe(before);
    expect(diffSignature(stat({ files: [file(), file({ path: 'b.ts' })] }))).not.toBe(before);
    expect(diffSignature(stat({ head: 'b'.repeat(40) }))).not.toBe(before);
  });

  it('ignores the patch text, which the stat poll does not carry', () => {
    expect(diffSignature(stat({ files: [file({ patch: 'diff --git …' })] }))).toBe(
      diffSignature(stat()),
    );
  });
});
