import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DaemonStartError, fetchHealth, startDaemon, type DaemonChild } from '@rdv/client/daemon';
import { homeLayout } from '@rdv/contract/home';
import { resolveHome } from '@rdv/config/paths';
import { loadWebSettings } from './settings.ts';

export { DaemonStartError };

/** The daemon's bundle (built by `npm install`); the same path from server/ and from dist/. */
export const DAEMON_ENTRY = fileURLToPath(new URL('../../daemon/dist/main.js', import.meta.url));
/** How long a fresh daemon may take to answer /health (migrations on a first start). */
export const DAEMON_START_TIMEOUT_MS = 30_000;

/**
 * Makes sure rdv-server answers on api.sock: reuses a running one, or starts one as a child
 * (same RDV_HOME, output to this terminal) and waits for its health. Returns the child, if any,
 * so the caller can stop it on exit.
 */
export async function ensureDaemon(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<DaemonChild | null> {
  const home = resolveHome(env);
  // config.toml appears first (the daemon writes it), then the sockets it names.
  const apiSocket = () =>
    existsSync(homeLayout(home).configFile) ? loadWebSettings(env).apiSocket : null;
  const running = apiSocket();
  if (running && (await fetchHealth(running))) {
    log(`using the running rdv-server in ${home}`);
    return null;
  }
  log(`starting rdv-server in ${home}`);
  const { daemon } = await startDaemon({
    entry: DAEMON_ENTRY,
    env,
    output: 'inherit',
    apiSocket,
    timeoutMs: DAEMON_START_TIMEOUT_MS,
    healthTimeoutMs: 1_000,
  });
  return daemon;
}
