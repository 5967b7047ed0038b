import { describe, expect, it } from 'vitest';
import { fileStatusLetter, groupByFolder, listOrder } from './file-status';

describe('groupByFolder', () => {
  it('lists top-level files first, then folders in path order, files sorted within (case aside)', () => {
    const files = ['src/z.ts', 'README.md', 'src/a.ts', 'docs/guide.md', 'app.ts'].map((path) => ({
      path,
    }));
    expect(groupByFolder(files)).toEqual([
      { folder: '', files: [{ path: 'app.ts' }, { path: 'README.md' }] },
      { folder: 'docs', files: [{ path: 'docs/guide.md' }] },
      { folder: 'src', files: [{ path: 'src/a.ts' }, { path: 'src/z.ts' }] },
    ]);
    expect(listOrder(files).map((f) => f.path)).toEqual([
      'app.ts',
      'README.md',
      'docs/guide.md',
      'src/a.ts',
      'src/z.ts',
    ]);
  });

  it("names statuses with git's letters", () => {
    expect(fileStatusLetter('renamed')).toBe('R');
    expect(fileStatusLetter('untracked')).toBe('U');
  });
});
