import { copyFile, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git } from '../git/git.ts';

/**
 * Runs `fn` with an index in which the untracked files are "intent to add" entries, so that one
 * `git diff` shows them as new files beside the tracked changes (with git's own binary
 * detection, numstat and patch) instead of one `git diff --no-index` per file. The index is a
 * temporary copy (`GIT_INDEX_FILE`): the worktree's real index, which the person and the agent
 * use, is never written.
 *
 * @param untracked paths relative to `cwd` (files, not folders)
 * @param fn receives the env that points git at the copy (`{}` when there is nothing to add)
 */
export async function withUntrackedIndex<T>(
  cwd: string,
  untracked: readonly string[],
  fn: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  if (untracked.length === 0) return fn({});
  const dir = await mkdtemp(path.join(tmpdir(), 'rdv-diff-index-'));
  try {
    const index = path.join(dir, 'index');
    const real = path.resolve(cwd, (await git(['rev-parse', '--git-path', 'index'], { cwd })).trim());
    // No index yet (a repository with nothing staged ever): git starts from an empty one.
    await copyFile(real, index).then(
      // The copy keeps the index's own mtime: git trusts a cached file stat only when the file
      // is older than the index, so a fresh mtime would hide a same-size edit made in the same
      // second as the last index write ("racily clean" entries).
      async () => {
        const { atime, mtime } = await stat(real);
        await utimes(index, atime, mtime);
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      },
    );
    const list = path.join(dir, 'paths');
    await writeFile(list, `${untracked.join('\0')}\0`, { mode: 0o600 });
    const env = { GIT_INDEX_FILE: index };
    await git(
      ['--literal-pathspecs', 'add', '--intent-to-add', `--pathspec-from-file=${list}`, '--pathspec-file-nul'],
      { cwd, env },
    );
    return await fn(env);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
