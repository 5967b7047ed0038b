import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient, createTerminalClient, type RdvCredentials } from '@rdv/client';
import { execFileSync } from 'node:child_process';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DAEMON_ENTRY = join(REPO_ROOT, 'apps/daemon/dist/main.js');

/** A temporary RDV_HOME; short, because unix socket paths are limited to 107 bytes. */
export function makeHome(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'rdv-it-')));
}

export interface DaemonProcess {
  home: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  apiSocket: string;
  terminalSocket: string;
  cliToken: () => string;
  serviceToken: () => string;
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the real, built daemon on `home`; does not wait for readiness. */
export function spawnDaemon(home: string, env: NodeJS.ProcessEnv = {}): DaemonProcess {
  // Sessions run the user's login shell; an empty HOME keeps the machine's rc files (and
  // anything slow or stateful in them) out of the tests.
  const userHome = join(home, 'user-home');
  mkdirSync(userHome, { recursive: true });
  const child = spawn(process.execPath, [DAEMON_ENTRY], {
    env: { ...process.env, HOME: userHome, HISTFILE: '', RDV_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    home,
    child,
    stderr: () => stderr,
    exited,
    apiSocket: join(home, 'api.sock'),
    terminalSocket: join(home, 'terminal.sock'),
    cliToken: () => readFileSync(join(home, 'cli-token'), 'utf8').trim(),
    serviceToken: () => readFileSync(join(home, 'server/service-token'), 'utf8').trim(),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Starts the daemon and waits until `/health` answers on api.sock. */
export async function startDaemon(home = makeHome(), env: NodeJS.ProcessEnv = {}): Promise<DaemonProcess> {
  const daemon = spawnDaemon(home, env);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (daemon.child.exitCode !== null) {
      throw new Error(`daemon exited with ${daemon.child.exitCode}: ${daemon.stderr()}`);
    }
    try {
      await getHealth(daemon.apiSocket);
      return daemon;
    } catch {
      if (Date.now() > deadline) throw new Error(`daemon not healthy after 20 s: ${daemon.stderr()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** `GET /health` over the unix socket. */
export function getHealth(socketPath: string): Promise<{ status: number; body: any; text: string }> {
  return rawRequest(socketPath, { method: 'GET', path: '/health' });
}

/** A raw HTTP request over a unix socket, for cases a typed client cannot express. */
export function rawRequest(
  socketPath: string,
  opts: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: any; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method: opts.method, path: opts.path, headers: opts.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body, text });
      });
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
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

/** Runs tmux against the daemon's own server in `home`. */
export function tmux(home: string, ...args: string[]): string {
  return execFileSync('tmux', ['-S', join(home, 'tmux.sock'), ...args], { encoding: 'utf8' });
}

export function cleanupHome(home: string): void {
  try {
    execFileSync('tmux', ['-S', join(home, 'tmux.sock'), 'kill-server'], { stdio: 'ignore' });
  } catch {
    // no server
  }
  rmSync(home, { recursive: true, force: true });
}
