// Real git repositories in temp folders, with a fixed identity (never the machine's config).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'rdv test',
  GIT_AUTHOR_EMAIL: 'test@rdv.invalid',
  GIT_COMMITTER_NAME: 'rdv test',
  GIT_COMMITTER_EMAIL: 'test@rdv.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A temp folder (real path) to hold repositories; it becomes the daemon's allowed root. */
export function makeGitRoot(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'rdv-git-')));
}

/**
 * A repository with one commit on main, an ignored `.env` and `.env.local`, and a
 * `.worktreeinclude` naming an ignored `local/settings.json`.
 */
export function makeRepo(dir: string): string {
  mkdirSync(join(dir, 'local'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# test\n');
  writeFileSync(join(dir, '.gitignore'), '.env*\nlocal/\n');
  writeFileSync(join(dir, '.worktreeinclude'), '# copied into new worktrees\nlocal/*.json\n');
  git(dir, 'add', 'README.md', '.gitignore', '.worktreeinclude');
  git(dir, 'commit', '-q', '-m', 'init');
  writeFileSync(join(dir, '.env'), 'SECRET=1\n');
  writeFileSync(join(dir, '.env.local'), 'LOCAL=1\n');
  writeFileSync(join(dir, 'local/settings.json'), '{"local":true}\n');
  return dir;
}

/** The short names of the local branches. */
export function branches(repo: string): string[] {
  return git(repo, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean).sort();
}

/** The paths git lists as worktrees of `repo`. */
export function worktreePaths(repo: string): string[] {
  return git(repo, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
}

/** A folder's entries, for "nothing was created" checks. */
export function entries(dir: string): string[] {
  return readdirSync(dir).sort();
}
