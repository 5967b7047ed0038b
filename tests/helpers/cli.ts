// Runs the BUILT rdv CLI (apps/cli/bin/rdv.js) against a temp RDV_HOME, as a user's shell would.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './daemon.ts';

export const CLI_BIN = join(REPO_ROOT, 'apps/cli/bin/rdv.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment the CLI sees: RDV_HOME, no inherited token or tmux, plus `extra`. */
export function cliEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { RDV_TOKEN: _token, TMUX: _tmux, TMUX_PANE: _pane, ...env } = process.env;
  return { ...env, RDV_HOME: home, ...extra };
}

/** `rdv <args>` with RDV_HOME=home; resolves with the exit code and both outputs. */
export function rdv(
  home: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: cliEnv(home, opts.env),
      cwd: opts.cwd ?? REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rdv ${args.join(' ')} timed out; stdout=${stdout} stderr=${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** `rdv <args> --json`, parsed; fails the test with the CLI's stderr when the exit code is not 0. */
export async function rdvJson<T = any>(
  home: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<T> {
  const result = await rdv(home, [...args, '--json'], opts);
  if (result.code !== 0)
    throw new Error(`rdv ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Removes colour and cursor escape sequences (for reading what a person would see). */
export function stripAnsi(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- escape sequences are what we remove
    /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>78cM]/g,
    '',
  );
}
