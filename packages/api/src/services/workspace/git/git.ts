import { execFile } from 'node:child_process';
import { withoutRdvSecrets } from '@rdv/terminal';

/** Longest a single git call may run before it is killed. @default 30 s */
export const GIT_TIMEOUT_MS = 30_000;
/** For calls that write a whole working tree (worktree add/remove, reset). @default 5 minutes */
export const GIT_CHECKOUT_TIMEOUT_MS = 5 * 60_000;
/** Most output read from one git call (a huge untracked list is the usual culprit). */
export const GIT_MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/**
 * Variables that would point git at another repository than the one we name; a daemon started
 * from inside a git hook would otherwise inherit them.
 */
const REPOSITORY_OVERRIDES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
];

/** Why a git call failed: its exit code (null when killed) and its stderr. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly timedOut: boolean,
    /** What git printed on stdout before failing (`push --porcelain` reports rejections there). */
    readonly stdout = '',
  ) {
    const detail = firstLines(stderr) || (timedOut ? 'timed out' : `exit code ${String(exitCode)}`);
    super(`git ${args[0] ?? ''} failed: ${detail}`);
  }

  /** One short line for a client: git's first line of complaint, without its "fatal:" prefix. */
  get summary(): string {
    const first = this.stderr
      .split('\n')
      .map((line) => line.trim().replace(/^(fatal|error):\s*/, ''))
      .find(Boolean);
    const detail = first ?? (this.timedOut ? 'timed out' : `exit code ${String(this.exitCode)}`);
    return `git ${this.args[0] ?? ''} failed: ${detail.slice(0, 160)}`;
  }
}

export interface GitOptions {
  /** The folder git runs in (a repository or worktree root). */
  cwd: string;
  /** @default GIT_TIMEOUT_MS */
  timeoutMs?: number;
  /**
   * Variables set after the repository overrides are removed: the one way to point git at
   * another index (`GIT_INDEX_FILE`, see the review's untracked-files index).
   */
  env?: Readonly<Record<string, string>>;
}

/**
 * Runs `git <args>` argv-only (never through a shell), non-interactive (`GIT_TERMINAL_PROMPT=0`)
 * and with C-locale messages, and resolves with stdout.
 *
 * @throws {GitError} on a non-zero exit, a timeout or too much output.
 */
export function git(args: readonly string[], opts: GitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: opts.cwd,
        env: gitEnv(opts.env),
        timeout: opts.timeoutMs ?? GIT_TIMEOUT_MS,
        maxBuffer: GIT_MAX_OUTPUT_BYTES,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const exitCode = typeof error.code === 'number' ? error.code : null;
        const timedOut = error.killed === true && error.signal === 'SIGTERM';
        reject(new GitError(args, exitCode, stderr || error.message, timedOut, stdout));
      },
    );
  });
}

/** Like `git`, but an exit code of 1 (git's "no" for --verify, --quiet and friends) gives null. */
export async function gitMaybe(args: readonly string[], opts: GitOptions): Promise<string | null> {
  try {
    return await git(args, opts);
  } catch (error) {
    if (error instanceof GitError && error.exitCode === 1) return null;
    throw error;
  }
}

/**
 * The daemon's env for git, whose hooks run the repository's code: no rdv secret, no variable
 * that points git elsewhere, then `extra`.
 */
export function gitEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...withoutRdvSecrets(process.env),
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    GIT_OPTIONAL_LOCKS: '0',
  };
  for (const name of REPOSITORY_OVERRIDES) delete env[name];
  return { ...env, ...extra };
}

function firstLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, 3)
    .join(' / ')
    .slice(0, 500);
}
