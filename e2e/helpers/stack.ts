import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@rdv/client';
import {
  isProcessAlive,
  readDaemonPid,
  spawnDaemon,
  waitForHealth,
  type DaemonChild,
} from '@rdv/client/daemon';
import { GIT_IDENTITY } from '@rdv/test-support';
import { rdvTmux } from '@rdv/test-support/rdv-tmux';

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
  const api = createApiClient({
    socketPath: join(home, 'api.sock'),
    credentials: { kind: 'cli', token: cliToken },
  });
  const call = <T>(type: 'query' | 'mutation', path: string, input?: unknown) =>
    daemonCall<T>(api.client, type, path, input);
  let replacement: DaemonChild | null = null;
  const restartDaemon = async () => {
    const pid = readDaemonPid(join(home, 'server/server.pid'));
    if (pid !== null) {
      process.kill(pid, 'SIGTERM');
      while (isProcessAlive(pid)) await sleep(50);
    }
    replacement = spawnDaemon({
      entry: DAEMON_ENTRY,
      env: { ...process.env, RDV_HOME: home, HOME: userHome },
      output: 'ignore',
    });
    if (!(await waitForHealth(join(home, 'api.sock'), START_TIMEOUT_MS)))
      throw new Error('rdv-server did not come back');
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
      await api.close();
      await replacement?.stop();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      rdvTmux(home, 'kill-server');
      rmSync(home, { recursive: true, force: true });
      rmSync(userHome, { recursive: true, force: true });
    },
  };
}

/**
 * One call through @rdv/client's typed client, named by its path (`sessions.get`): the tests
 * name procedures as strings, so the path is looked up on the client's proxy.
 */
async function daemonCall<T>(
  client: ReturnType<typeof createApiClient>['client'],
  type: 'query' | 'mutation',
  path: string,
  input?: unknown,
): Promise<T> {
  const procedure = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], client) as Record<
    'query' | 'mutate',
    (input: unknown) => Promise<T>
  >;
  try {
    return await (type === 'query' ? procedure.query(input) : procedure.mutate(input));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
