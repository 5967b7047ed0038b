// Real git repositories in temp folders, with a fixed identity (never the machine's config).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The author and committer of every commit a test makes (or has a daemon make). */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'rdv test',
  GIT_AUTHOR_EMAIL: 'test@rdv.invalid',
  GIT_COMMITTER_NAME: 'rdv test',
  GIT_COMMITTER_EMAIL: 'test@rdv.invalid',
};

export const GIT_ENV = {
  ...process.env,
  ...GIT_IDENTITY,
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

export interface RepoContents {
  /** Committed files, by relative path. */
  tracked: Record<string, string>;
  /** Files written after the commit (git ignores them), by relative path. */
  untracked: Record<string, string>;
  /** The first commit's message. */
  message: string;
}

/**
 * The default repository: `.env*` and `local/` ignored, a `.worktreeinclude` naming an ignored
 * `local/settings.json`, so worktree creation has files to copy.
 */
export const WORKSPACE_REPO: RepoContents = {
  tracked: {
    'README.md': '# test\n',
    '.gitignore': '.env*\nlocal/\n',
    '.worktreeinclude': '# copied into new worktrees\nlocal/*.json\n',
  },
  untracked: {
    '.env': 'SECRET=1\n',
    '.env.local': 'LOCAL=1\n',
    'local/settings.json': '{"local":true}\n',
  },
  message: 'init',
};

/** A small app, for screens that show a repository's files and diffs. */
export const DEMO_APP_REPO: RepoContents = {
  tracked: { 'README.md': '# demo\n', 'app.ts': 'export const answer = 42;\n' },
  untracked: {},
  message: 'first commit',
};

/** A repository in `dir` (created if missing) with one commit on main. */
export function makeRepo(dir: string, contents: RepoContents = WORKSPACE_REPO): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, contents.tracked);
  git(dir, 'add', '--', ...Object.keys(contents.tracked));
  git(dir, 'commit', '-q', '-m', contents.message);
  writeFiles(dir, contents.untracked);
  return dir;
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
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
