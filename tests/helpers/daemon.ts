import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient, createTerminalClient, type RdvCredentials } from '@rdv/client';
import {
  DaemonStartError,
  rawRequest as rawSocketRequest,
  spawnDaemon as spawnDaemonChild,
  startDaemon as startDaemonChild,
  type DaemonChild,
} from '@rdv/client/daemon';
import { rdvTmux } from '@rdv/test-support/rdv-tmux';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DAEMON_ENTRY = join(REPO_ROOT, 'apps/daemon/dist/main.js');
/** How long a test daemon may take to answer /health (a loaded machine). */
const START_TIMEOUT_MS = 20_000;

/** A temporary RDV_HOME; short, because unix socket paths are limited to 107 bytes. */
export function makeHome(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'rdv-it-')));
}

/** How a daemon process ended. */
export interface DaemonExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface DaemonProcess {
  home: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<DaemonExit>;
  apiSocket: string;
  terminalSocket: string;
  cliToken: () => string;
  serviceToken: () => string;
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<DaemonExit>;
}

/**
 * The test daemon's environment: sessions run the user's login shell, and an empty HOME keeps
 * the machine's rc files (and anything slow or stateful in them) out of the tests.
 */
function daemonEnv(home: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const userHome = join(home, 'user-home');
  mkdirSync(userHome, { recursive: true });
  return { ...process.env, HOME: userHome, HISTFILE: '', RDV_HOME: home, ...env };
}

/** Spawns the real, built daemon on `home` (@rdv/client's spawnDaemon); does not wait for readiness. */
export function spawnDaemon(home: string, env: NodeJS.ProcessEnv = {}): DaemonProcess {
  return wrap(home, spawnDaemonChild({ entry: DAEMON_ENTRY, env: daemonEnv(home, env) }));
}

/** Starts the daemon (@rdv/client's startDaemon) and waits until `/health` answers on api.sock. */
export async function startDaemon(home = makeHome(), env: NodeJS.ProcessEnv = {}): Promise<DaemonProcess> {
  try {
    const { daemon } = await startDaemonChild({
      entry: DAEMON_ENTRY,
      env: daemonEnv(home, env),
      apiSocket: join(home, 'api.sock'),
      timeoutMs: START_TIMEOUT_MS,
      pollMs: 25,
    });
    return wrap(home, daemon);
  } catch (error) {
    if (error instanceof DaemonStartError && error.failure.kind === 'exited')
      throw new Error(`daemon exited with ${error.failure.code}: ${error.stderr}`);
    throw error;
  }
}

function wrap(home: string, daemon: DaemonChild): DaemonProcess {
  return {
    home,
    child: daemon.child,
    stderr: daemon.stderr,
    exited: daemon.exited,
    apiSocket: join(home, 'api.sock'),
    terminalSocket: join(home, 'terminal.sock'),
    cliToken: () => readFileSync(join(home, 'cli-token'), 'utf8').trim(),
    serviceToken: () => readFileSync(join(home, 'server/service-token'), 'utf8').trim(),
    stop: async () => {
      if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill('SIGTERM');
      return daemon.exited;
    },
  };
}

/** `GET /health` over the unix socket. */
export function getHealth(socketPath: string): Promise<{ status: number; body: any; text: string }> {
  return rawSocketRequest(socketPath, { path: '/health' });
}

/** A raw HTTP request over a unix socket, for cases a typed client cannot express. */
export function rawRequest(
  socketPath: string,
  opts: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: any; text: string }> {
  return rawSocketRequest(socketPath, opts);
}

export function cliClient(daemon: DaemonProcess, token = daemon.cliToken()) {
  return createApiClient({ socketPath: daemon.apiSocket, credentials: { kind: 'cli', token } });
}

export function apiClient(daemon: DaemonProcess, credentials: RdvCredentials) {
  return createApiClient({ socketPath: daemon.apiSocket, credentials });
}

export function wsClient(daemon: DaemonProcess, credentials: RdvCredentials) {
  return createTerminalClient({ socketPath: daemon.terminalSocket, credentials, retryDelayMs: () => 60_000 });
}

export function readLog(home: string): Array<Record<string, unknown>> {
  return readFileSync(join(home, 'server/server.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function writeConfig(home: string, toml: string): void {
  writeFileSync(join(home, 'config.toml'), toml);
}

/**
 * Runs tmux against the daemon's own servers in `home`: the one holding the session a `-t`
 * names; `kill-server` stops them all (rdvTmux).
 */
export function tmux(home: string, ...args: string[]): string {
  return rdvTmux(home, ...args);
}

export function cleanupHome(home: string): void {
  rdvTmux(home, 'kill-server');
  rmSync(home, { recursive: true, force: true });
}
