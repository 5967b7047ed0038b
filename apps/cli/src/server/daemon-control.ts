import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DaemonStartError,
  DEFAULT_START_TIMEOUT_MS,
  DEFAULT_STOP_TIMEOUT_MS,
  fetchHealth,
  isDaemonProcess,
  isProcessAlive as isAlive,
  readDaemonPid,
  startDaemon as launchDaemon,
} from '@rdv/client/daemon';
import type { Health } from '../api/types.ts';
import { CliError, ExitCode } from '../errors.ts';
import type { CliPaths } from '../paths.ts';

export { DEFAULT_START_TIMEOUT_MS, DEFAULT_STOP_TIMEOUT_MS, fetchHealth };
const POLL_MS = 50;

/** The pid in server.pid, if there is a readable one. */
export function readPid(paths: CliPaths): number | null {
  return readDaemonPid(paths.pidFile);
}

export { isDaemonProcess };

/**
 * How to run the daemon: RDV_SERVER_ENTRY (a script), else the daemon bundle beside this CLI
 * in the repository (apps/daemon/dist/main.js), else `rdv-server` from PATH.
 */
export function daemonCommand(env: NodeJS.ProcessEnv): { file: string; args: string[] } {
  const override = env.RDV_SERVER_ENTRY?.trim();
  if (override) return { file: process.execPath, args: [override] };
  // The bundle runs from apps/cli/dist/, the sources from apps/cli/src/server/.
  for (const relative of ['../../daemon/dist/main.js', '../../../daemon/dist/main.js']) {
    const entry = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(entry)) return { file: process.execPath, args: [entry] };
  }
  return { file: 'rdv-server', args: [] };
}

export interface StartResult {
  pid: number;
  health: Health;
  alreadyRunning: boolean;
}

/**
 * Starts the daemon in the background (its own session, so it outlives this terminal) and
 * waits until `/health` answers. It logs to server/server.log itself; its stderr goes to
 * server/server.stderr.log, which is where a failed start explains itself.
 */
export async function startDaemon(
  paths: CliPaths,
  env: NodeJS.ProcessEnv,
  timeoutMs = DEFAULT_START_TIMEOUT_MS,
): Promise<StartResult> {
  const running = await fetchHealth(paths.apiSocket);
  if (running) return { pid: readPid(paths) ?? 0, health: running, alreadyRunning: true };
  const unreachable = await waitForUnreachableDaemon(paths, timeoutMs);
  if (unreachable) return unreachable;

  mkdirSync(paths.serverDir, { recursive: true, mode: 0o700 });
  const command = daemonCommand(env);
  try {
    const { health } = await launchDaemon({
      command,
      env: { ...env, RDV_HOME: paths.home },
      cwd: paths.home,
      detached: true,
      output: { stderrFile: paths.startLogFile },
      apiSocket: paths.apiSocket,
      timeoutMs,
    });
    return { pid: readPid(paths) ?? 0, health, alreadyRunning: false };
  } catch (error) {
    if (!(error instanceof DaemonStartError)) throw error;
    const failure = error.failure;
    switch (failure.kind) {
      case 'not-built': // only with `entry`; daemonCommand names a file that exists
        throw new CliError(error.message);
      case 'spawn':
        throw new CliError(`cannot run ${command.file}: ${failure.error.message}`);
      case 'exited': {
        const why = failureLine(readText(paths.startLogFile)) || `exit code ${failure.code}`;
        throw new CliError(
          `rdv-server did not start: ${why.replace(/^rdv-server: /, '')} (see ${paths.startLogFile})`,
        );
      }
      case 'timeout':
        throw new CliError(
          `rdv-server did not answer on ${paths.apiSocket} within ${Math.round(timeoutMs / 1000)} s; see ${paths.logFile}`,
        );
    }
  }
}

/**
 * A daemon whose pid is alive but whose socket does not answer (its socket file was removed, or
 * it is still starting): a second one would only be refused, so wait for this one. It binds a
 * removed socket again within seconds. Null when no such daemon runs.
 */
async function waitForUnreachableDaemon(paths: CliPaths, timeoutMs: number): Promise<StartResult | null> {
  const pid = readPid(paths);
  if (pid === null || !isDaemonProcess(pid)) return null;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive(pid)) {
    const health = await fetchHealth(paths.apiSocket);
    if (health) return { pid, health, alreadyRunning: true };
    await sleep(POLL_MS * 4);
  }
  if (!isAlive(pid)) return null;
  throw new CliError(
    `rdv-server (pid ${pid}) is running but does not answer on ${paths.apiSocket} (was the socket file removed?); restart it: rdv server restart`,
  );
}

/** SIGTERM to the pid in server.pid, then wait for the process to go; null when none ran. */
export async function stopDaemon(
  paths: CliPaths,
  timeoutMs = DEFAULT_STOP_TIMEOUT_MS,
): Promise<{ pid: number } | null> {
  const pid = readPid(paths);
  if (pid === null || !isDaemonProcess(pid)) return null;
  try {
    process.kill(pid, 'SIGTERM');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return null;
    throw new CliError(`cannot signal rdv-server (pid ${pid}): ${(error as Error).message}`);
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new CliError(
        `rdv-server (pid ${pid}) is still running after ${Math.round(timeoutMs / 1000)} s; see ${paths.logFile} or kill -9 ${pid}`,
      );
    }
    await sleep(POLL_MS);
  }
  return { pid };
}

/** A daemon that must be running for `what`; ExitCode.daemonDown otherwise. */
export async function requireHealth(paths: CliPaths): Promise<Health> {
  const health = await fetchHealth(paths.apiSocket);
  if (!health) {
    throw new CliError(
      `the daemon is not running (no answer on ${paths.apiSocket}); start it: rdv server start`,
      ExitCode.daemonDown,
    );
  }
  return health;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The daemon's own explanation (its last `rdv-server:` line), else the last line. */
function failureLine(text: string): string {
  const lines = text.trim().split('\n').map((line) => line.trim());
  return lines.findLast((line) => line.startsWith('rdv-server: ')) ?? lines.at(-1) ?? '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
