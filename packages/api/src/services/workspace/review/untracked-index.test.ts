import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeGitRoot, makeRepo } from '@rdv/test-support';
import { describe, expect, it } from 'vitest';
import { git as runGit } from '../git/git.ts';
import { withUntrackedIndex } from './untracked-index.ts';

describe('withUntrackedIndex', () => {
  it('still sees a same-size edit made in the same second as the last index write', async () => {
    const repo = makeRepo(join(makeGitRoot(), 'repo'), {
      tracked: { 'app.ts': 'export const answer = 42;\n' },
      untracked: {},
      message: 'first',
    });
    // Same size, written right after the commit wrote the index: a "racily clean" entry that
    // git re-checks by content only while the file is not older than the index.
    writeFileSync(join(repo, 'app.ts'), 'export const answer = 43;\n');
    writeFileSync(join(repo, 'notes.txt'), 'new\n');
    // Let the copy be made at least a second later than the index write.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const changed = await withUntrackedIndex(repo, ['notes.txt'], (env) =>
      runGit(['diff', 'HEAD', '--name-only'], { cwd: repo, env }),
    );
    expect(changed.split('\n').filter(Boolean).sort()).toEqual(['app.ts', 'notes.txt']);
    // The worktree's own index is untouched.
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('');
  });
});
