import { spawn } from 'node:child_process';
import { withoutRdvSecrets } from '@rdv/terminal';

/** Output kept from a set-up command: the last 64 KiB (the end holds the error). */
export const MAX_SETUP_OUTPUT_BYTES = 64 * 1024;
/** After a timeout, SIGTERM; this long later, SIGKILL. */
const KILL_GRACE_MS = 5_000;
/**
 * The shell that runs the set-up command. The command comes only from the user's own
 * config.toml (never from a request or a repository), so a shell is what the user expects:
 * `npm ci && npm run build` works as written.
 */
export const SETUP_SHELL = '/bin/sh';

export interface SetupResult {
  command: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** stdout and stderr interleaved, the last MAX_SETUP_OUTPUT_BYTES of it. */
  output: string;
  truncated: boolean;
  durationMs: number;
}

/**
 * Runs `/bin/sh -c <command>` in `cwd` with `env` added to the daemon's environment (without
 * rdv's secrets: the command is the repository's code, like a session's), in its own
 * process group so a timeout kills everything it started. Never rejects for a failing command.
 */
export function runSetupCommand(
  command: string,
  opts: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<SetupResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(SETUP_SHELL, ['-c', command], {
      cwd: opts.cwd,
      env: { ...withoutRdvSecrets(process.env), GIT_TERMINAL_PROMPT: '0', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const collect = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > 2 * MAX_SETUP_OUTPUT_BYTES) {
        const all = Buffer.concat(chunks);
        chunks = [all.subarray(all.length - MAX_SETUP_OUTPUT_BYTES)];
        size = MAX_SETUP_OUTPUT_BYTES;
        truncated = true;
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);

    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    }, opts.timeoutMs);

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, extra = '') => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      let all = Buffer.concat(chunks);
      if (all.length > MAX_SETUP_OUTPUT_BYTES) {
        all = all.subarray(all.length - MAX_SETUP_OUTPUT_BYTES);
        truncated = true;
      }
      resolve({
        command,
        exitCode,
        signal,
        timedOut,
        output: all.toString('utf8') + extra,
        truncated,
        durationMs: Date.now() - started,
      });
    };
    child.once('error', (error) => finish(null, null, `\n${error.message}`));
    child.once('close', (code, signal) => finish(code, signal));
  });
}
