import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { withDaemonLaunchEnv } from '@rdv/contract/daemon-process';
import { DEFAULT_HEALTH_TIMEOUT_MS, fetchHealth, type Health } from './health.ts';

/** How long `startDaemon` waits for `/health`. @default 20 s */
export const DEFAULT_START_TIMEOUT_MS = 20_000;
/** How long `stop()` waits after SIGTERM before SIGKILL (the daemon's own shutdown takes up to 10 s). */
export const DEFAULT_STOP_TIMEOUT_MS = 15_000;
const DEFAULT_POLL_MS = 50;
/** The tail of a piped stderr that is kept for error messages. */
const STDERR_KEEP_CHARS = 16_000;

export interface SpawnDaemonOptions {
  /** The daemon's bundle (apps/daemon/dist/main.js), run with this Node. */
  entry?: string;
  /** Another program instead of `entry` (`rdv-server` from PATH, RDV_SERVER_ENTRY). */
  command?: { file: string; args: string[] };
  /** Node flags before `entry` (a CPU profile, --expose-gc). */
  nodeArgs?: string[];
  /** The child's whole environment (RDV_HOME, HOME, ...). */
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Where its output goes: `pipe` keeps stderr for `stderr()` and drops stdout; `inherit` shares
   * the caller's terminal; `ignore`; or stderr into a file (stdout dropped).
   * @default 'pipe'
   */
  output?: 'pipe' | 'inherit' | 'ignore' | { stderrFile: string };
  /** Its own session, not waited for: it outlives the caller (`rdv server start`). @default false */
  detached?: boolean;
}

export interface DaemonChild {
  child: ChildProcess;
  /** Piped stderr so far (its tail), else ''. */
  stderr: () => string;
  /** Set once it exited. */
  exitStatus: () => { code: number | null; signal: NodeJS.Signals | null } | undefined;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set when it could not be run at all (ENOENT, EACCES). */
  spawnError: () => Error | undefined;
  /** SIGTERM, SIGKILL after `timeoutMs`, and the exit. */
  stop: (timeoutMs?: number) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns rdv-server; does not wait for it (see `startDaemon`). */
export function spawnDaemon(opts: SpawnDaemonOptions): DaemonChild {
  const { file, args } = opts.command ?? {
    file: process.execPath,
    args: [...(opts.nodeArgs ?? []), requireEntry(opts.entry)],
  };
  const output = opts.output ?? 'pipe';
  let stderrFd: number | undefined;
  let stdio: StdioOptions;
  if (typeof output === 'object') {
    stderrFd = openSync(output.stderrFile, 'w', 0o600);
    stdio = ['ignore', 'ignore', stderrFd];
  } else if (output === 'pipe') stdio = ['ignore', 'ignore', 'pipe'];
  else if (output === 'inherit') stdio = ['ignore', 'inherit', 'inherit'];
  else stdio = 'ignore';

  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      // With glibc's allocator settings for a long-running process (the daemon drops them again).
      env: withDaemonLaunchEnv(opts.env),
      stdio,
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
      ...(opts.detached ? { detached: true } : {}),
    });
  } finally {
    // The child holds its own copy.
    if (stderrFd !== undefined) closeSync(stderrFd);
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_KEEP_CHARS);
  });
  let spawnError: Error | undefined;
  let exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.once('error', (error) => (spawnError = error));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve((exitStatus = { code, signal })));
    // A program that never ran emits 'error' and no 'exit'.
    child.once('error', () => {
      if (child.exitCode === null) resolve((exitStatus ??= { code: null, signal: null }));
    });
  });
  if (opts.detached) child.unref();
  return {
    child,
    stderr: () => stderr,
    exitStatus: () => exitStatus,
    exited,
    spawnError: () => spawnError,
    stop: async (timeoutMs = DEFAULT_STOP_TIMEOUT_MS) => {
      if (exitStatus) return exitStatus;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const status = await exited;
      clearTimeout(timer);
      return status;
    },
  };
}

export interface StartDaemonOptions extends SpawnDaemonOptions {
  /**
   * api.sock, where its health is asked; a function when it is known only once the daemon wrote
   * its config (null: not yet).
   */
  apiSocket: string | (() => string | null);
  /** @default DEFAULT_START_TIMEOUT_MS */
  timeoutMs?: number;
  /** @default 50 ms */
  pollMs?: number;
  /** One health request. @default 2 s */
  healthTimeoutMs?: number;
}

export type DaemonStartFailure =
  | { kind: 'not-built'; entry: string }
  | { kind: 'spawn'; error: Error }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'timeout'; timeoutMs: number };

/** rdv-server is not built, could not be run, exited while starting, or did not answer in time. */
export class DaemonStartError extends Error {
  override name = 'DaemonStartError';
  constructor(
    readonly failure: DaemonStartFailure,
    /** Its piped stderr (output: 'pipe'), for the caller's message. */
    readonly stderr: string,
  ) {
    super(describeFailure(failure) + (stderr ? `: ${stderr.trim()}` : ''));
  }
}

/**
 * Spawns rdv-server and waits until `/health` answers on api.sock: the one way the CLI's
 * `server start`, the web launcher, the tests, the bench and e2e start a daemon. On a failure
 * it throws DaemonStartError; an attached child that timed out is sent SIGTERM first.
 */
export async function startDaemon(
  opts: StartDaemonOptions,
): Promise<{ daemon: DaemonChild; health: Health }> {
  const daemon = spawnDaemon(opts);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const socket = typeof opts.apiSocket === 'function' ? opts.apiSocket() : opts.apiSocket;
    const health = socket
      ? await fetchHealth(socket, opts.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS)
      : null;
    if (health) return { daemon, health };
    const spawnError = daemon.spawnError();
    if (spawnError) throw new DaemonStartError({ kind: 'spawn', error: spawnError }, '');
    const exit = daemon.exitStatus();
    if (exit) throw new DaemonStartError({ kind: 'exited', ...exit }, daemon.stderr());
    if (Date.now() > deadline) {
      if (!opts.detached) daemon.child.kill('SIGTERM');
      throw new DaemonStartError({ kind: 'timeout', timeoutMs }, daemon.stderr());
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Polls `/health` until it answers (a daemon started elsewhere); false after `timeoutMs`. */
export async function waitForHealth(
  apiSocket: string,
  timeoutMs = DEFAULT_START_TIMEOUT_MS,
  pollMs = DEFAULT_POLL_MS,
): Promise<Health | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await fetchHealth(apiSocket);
    if (health || Date.now() > deadline) return health;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function describeFailure(failure: DaemonStartFailure): string {
  switch (failure.kind) {
    case 'not-built':
      return `rdv-server is not built (${failure.entry}); run \`npm install\` or \`npm run build\` first`;
    case 'spawn':
      return `cannot run rdv-server: ${failure.error.message}`;
    case 'exited':
      return `rdv-server exited with ${failure.signal ?? `code ${failure.code}`} while starting`;
    case 'timeout':
      return `rdv-server did not become healthy within ${Math.round(failure.timeoutMs / 1000)} s`;
  }
}

function requireEntry(entry: string | undefined): string {
  if (!entry) throw new Error('spawnDaemon needs `entry` (the daemon bundle) or `command`');
  if (!existsSync(entry)) throw new DaemonStartError({ kind: 'not-built', entry }, '');
  return entry;
}
