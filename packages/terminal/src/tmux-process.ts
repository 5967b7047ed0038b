// The process boundary: tmux is only ever run with an argv array, never through a shell.
import { execFile } from 'node:child_process';
import { TmuxError, describeCommands } from './tmux-error.ts';

/** stdout limit per call: a 50,000-line capture with escapes is a few MB. */
export const TMUX_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Runs `bin ...globalArgs ...args` with `input` on stdin and resolves with stdout; rejects with a
 * TmuxError carrying `commands` (what the script on stdin runs, secrets left out) and stderr.
 */
export function execTmux(
  bin: string,
  globalArgs: readonly string[],
  args: string[],
  options: {
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
    input: string;
    commands: ReadonlyArray<readonly string[]>;
  },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin,
      [...globalArgs, ...args],
      {
        encoding: 'utf8',
        env: options.env,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: TMUX_MAX_OUTPUT_BYTES,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const exitCode = typeof error.code === 'number' ? error.code : null;
        const timedOut = error.killed === true;
        reject(
          new TmuxError(describeCommands(options.commands), {
            stderr,
            exitCode,
            timedOut,
            cause: error,
          }),
        );
      },
    );
    // tmux exits without reading stdin when it cannot run at all (no server): the write then
    // fails with EPIPE, and the exit above reports why.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
  });
}

/**
 * Blocks in `tmux wait-for channel` until it is signalled; no timeout (abort with `signal`).
 */
export function waitForTmuxChannel(
  bin: string,
  globalArgs: readonly string[],
  channel: string,
  options: { env: NodeJS.ProcessEnv; signal: AbortSignal },
): Promise<void> {
  const args = ['wait-for', channel];
  return new Promise((resolve, reject) => {
    execFile(bin, [...globalArgs, ...args], options, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const exitCode = typeof error.code === 'number' ? error.code : null;
      reject(
        new TmuxError(args, { stderr: String(stderr), exitCode, timedOut: false, cause: error }),
      );
    });
  });
}

/**
 * Sends the tmux server SIGCHLD so it reaps exited pane processes. tmux built with libutempter
 * can miss a SIGCHLD that arrives while utempter's own handler is installed (tmux#311): the pane
 * then stays dead without an exit status and `pane-died` never fires. A spare SIGCHLD is harmless.
 */
export function nudgeServer(serverPid: number | null): void {
  if (serverPid === null || serverPid <= 0) return;
  try {
    process.kill(serverPid, 'SIGCHLD');
  } catch {
    // the server is gone; nothing to reap
  }
}
