import { spawn } from 'node:child_process';
import { GIT_TIMEOUT_MS, GitError, gitEnv, type GitOptions } from './git.ts';

/** Most stderr kept from a streamed call (for its error message). */
const MAX_STDERR_CHARS = 64 * 1024;

/**
 * Runs `git <args>` like `git()` (argv-only, non-interactive, no rdv secret), but hands stdout
 * to `onText` as it arrives instead of buffering it, so a caller can keep what it needs of a
 * huge output (a diff) and stop early: when `onText` returns false, git is killed and the call
 * resolves with `stopped: true`.
 *
 * @throws {GitError} on a non-zero exit (unless stopped) or a timeout.
 */
export function gitStream(
  args: readonly string[],
  opts: GitOptions,
  onText: (text: string) => boolean | void,
): Promise<{ stopped: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: opts.cwd,
      env: gitEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stopped = false;
    let timedOut = false;
    let stderr = '';
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? GIT_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      if (stopped) return;
      if (onText(text) === false) {
        stopped = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += text.slice(0, MAX_STDERR_CHARS - stderr.length);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new GitError(args, null, error.message, false));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (stopped) return resolve({ stopped: true });
      if (code === 0 && !timedOut) return resolve({ stopped: false });
      reject(new GitError(args, code, stderr, timedOut));
    });
  });
}
