import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GIT_IDENTITY } from '@rdv/test-support';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What `npm start` runs. */
export const WEB_LAUNCHER = join(REPO_ROOT, 'apps/web/bin/rdv-web.js');
/** The prompt of every shell in the test stack (see the rc files below). */
export const PROMPT = 'rdv$ ';
const START_TIMEOUT_MS = 60_000;

export interface Stack {
  /** RDV_HOME. */
  home: string;
  /** HOME of the daemon and its shells: empty but for rc files, so prompts are predictable. */
  userHome: string;
  baseUrl: string;
  /** The one-time login URL printed by the start command (local mode). */
  loginUrl: string | null;
  output: () => string;
  /** A tRPC call to the daemon as the local user (CLI token), bypassing the web server. */
  call: <T = unknown>(type: 'query' | 'mutation', path: string, input?: unknown) => Promise<T>;
  /** Stops rdv-server (SIGTERM) and starts a new one on the same home; the web server stays up. */
  restartDaemon: () => Promise<void>;
  stop: () => Promise<void>;
}

export const DAEMON_ENTRY = join(REPO_ROOT, 'apps/daemon/dist/main.js');

/**
 * The real stack as `npm start` brings it up: the launcher starts rdv-server in a temporary
 * RDV_HOME (its own tmux server, database and sockets), then the web server on a free port.
 */
export async function startStack(
  opts: { configToml?: string; env?: Record<string, string> } = {},
): Promise<Stack> {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-e2e-')));
  const userHome = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-e2e-home-')));
  const rc = `PS1='${PROMPT}'\nunset PROMPT_COMMAND\nHISTFILE=/dev/null\n`;
  writeFileSync(join(userHome, '.bashrc'), rc);
  writeFileSync(join(userHome, '.bash_profile'), rc);
  if (opts.configToml) writeFileSync(join(home, 'config.toml'), opts.configToml, { mode: 0o600 });

  const child = spawn(process.execPath, [WEB_LAUNCHER], {
    env: {
      ...process.env,
      RDV_HOME: home,
      HOME: userHome,
      RDV_WEB_HOST: '127.0.0.1',
      RDV_WEB_PORT: '0',
      NEXT_TELEMETRY_DISABLED: '1',
      ...opts.env,
      ...GIT_IDENTITY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + START_TIMEOUT_MS;
  let baseUrl: string | undefined;
  while (!baseUrl) {
    if (child.exitCode !== null)
      throw new Error(`the start command exited (${child.exitCode}):\n${stdout}\n${stderr}`);
    if (Date.now() > deadline)
      throw new Error(`no dashboard URL after ${START_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`);
    baseUrl = /^rdv dashboard: (http:\/\/\S+?)\/?(\s|$)/m.exec(stdout)?.[1];
    if (!baseUrl) await sleep(50);
  }
  const loginUrl = /^(http:\/\/\S+\/login\?token=\S+)$/m.exec(stdout)?.[1] ?? null;

  const cliToken = readFileSync(join(home, 'cli-token'), 'utf8').trim();
  const call = <T>(type: 'query' | 'mutation', path: string, input?: unknown) =>
    daemonCall<T>(join(home, 'api.sock'), cliToken, type, path, input);
  let replacement: ChildProcess | null = null;
  const restartDaemon = async () => {
    const pid = Number(readFileSync(join(home, 'server/server.pid'), 'utf8').trim());
    process.kill(pid, 'SIGTERM');
    while (isAlive(pid)) await sleep(50);
    replacement = spawn(process.execPath, [DAEMON_ENTRY], {
      env: { ...process.env, RDV_HOME: home, HOME: userHome },
      stdio: 'ignore',
    });
    const until = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      try {
        await call('query', 'me.get');
        return;
      } catch {
        if (Date.now() > until) throw new Error('rdv-server did not come back');
        await sleep(50);
      }
    }
  };

  // Every shell is bash, whatever the login shell of the user running the tests.
  await call('mutation', 'preferences.set', { folderId: null, values: { shell: '/bin/bash' } });

  return {
    home,
    userHome,
    baseUrl,
    loginUrl,
    output: () => `${stdout}\n${stderr}`,
    call,
    restartDaemon,
    stop: async () => {
      if (replacement && replacement.exitCode === null) {
        const gone = new Promise((resolve) => replacement!.once('exit', resolve));
        replacement.kill('SIGTERM');
        await gone;
      }
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      try {
        execFileSync('tmux', ['-S', join(home, 'tmux.sock'), 'kill-server'], { stdio: 'ignore' });
      } catch {
        // no tmux server left
      }
      rmSync(home, { recursive: true, force: true });
      rmSync(userHome, { recursive: true, force: true });
    },
  };
}

/** One tRPC call over api.sock in the HTTP adapter's wire format. */
export function daemonCall<T>(
  socketPath: string,
  token: string,
  type: 'query' | 'mutation',
  path: string,
  input?: unknown,
): Promise<T> {
  const query =
    type === 'query' && input !== undefined
      ? `?input=${encodeURIComponent(JSON.stringify(input))}`
      : '';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method: type === 'query' ? 'GET' : 'POST',
        path: `/${path}${query}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const body = JSON.parse(text) as { result?: { data: T }; error?: { message: string } };
          if (body.result) resolve(body.result.data);
          else reject(new Error(`${path}: ${body.error?.message ?? text}`));
        });
      },
    );
    req.on('error', reject);
    req.end(type === 'mutation' ? JSON.stringify(input ?? null) : undefined);
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
