import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { homeLayout } from '@rdv/contract/home';
import { resolveHome } from '@rdv/config/paths';
import { daemonIsHealthy } from './daemon-client.ts';
import { loadWebSettings } from './settings.ts';

/** The daemon's bundle (built by `npm install`); the same path from server/ and from dist/. */
export const DAEMON_ENTRY = fileURLToPath(new URL('../../daemon/dist/main.js', import.meta.url));
/** How long a fresh daemon may take to answer /health (migrations on a first start). */
export const DAEMON_START_TIMEOUT_MS = 30_000;
const POLL_MS = 50;

export class DaemonStartError extends Error {
  override name = 'DaemonStartError';
}

/**
 * Makes sure rdv-server answers on api.sock: reuses a running one, or starts one as a child
 * (same RDV_HOME, output to this terminal) and waits for its health. Returns the child, if any,
 * so the caller can stop it on exit.
 */
export async function ensureDaemon(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<ChildProcess | null> {
  const home = resolveHome(env);
  if (
    existsSync(homeLayout(home).configFile) &&
    (await daemonIsHealthy(loadWebSettings(env).apiSocket))
  ) {
    log(`using the running rdv-server in ${home}`);
    return null;
  }
  if (!existsSync(DAEMON_ENTRY)) {
    throw new DaemonStartError(
      `rdv-server is not built (${DAEMON_ENTRY}); run \`npm install\` or \`npm run build\` first`,
    );
  }
  log(`starting rdv-server in ${home}`);
  const child = spawn(process.execPath, [DAEMON_ENTRY], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  const deadline = Date.now() + DAEMON_START_TIMEOUT_MS;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (exitCode !== undefined)
      throw new DaemonStartError(`rdv-server exited with code ${exitCode} while starting`);
    // config.toml appears first (the daemon writes it), then the sockets.
    if (
      existsSync(homeLayout(home).configFile) &&
      (await daemonIsHealthy(loadWebSettings(env).apiSocket, 1_000))
    ) {
      return child;
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new DaemonStartError(
        `rdv-server did not become healthy within ${DAEMON_START_TIMEOUT_MS / 1000} s`,
      );
    }
  }
}

/** SIGTERM, then wait (bounded) for a graceful exit. */
export async function stopDaemon(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
