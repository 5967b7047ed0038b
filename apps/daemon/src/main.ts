import { parseArgs } from 'node:util';
import type { CacheState } from '@rdv/code-cache';
import { startDaemon, type RunningDaemon } from './daemon.ts';
import { DAEMON_PROCESS_TITLE, dropLaunchEnv } from '@rdv/contract/daemon-process';
import { explainStartupFailure, StartAbortedError, STARTUP_FAILURE_EXIT_CODE } from './startup/startup-error.ts';
import { applyV8Flags } from './v8-flags.ts';
import { VERSION } from './version.ts';

const HELP = `rdv-server ${VERSION}: the rdv daemon

Usage: rdv-server [options]

Keeps rdv's terminal sessions, worktrees and database, and serves the rdv API on unix sockets
in RDV_HOME (default ~/.rdv): api.sock (HTTP) and terminal.sock (WebSocket). Runs in the
foreground; stop it with Ctrl-C or SIGTERM. Settings live in RDV_HOME/config.toml.

Options:
  -h, --help       show this help
  -v, --version    print the version

Environment:
  RDV_HOME         rdv's folder (default ~/.rdv)
`;

// Before the first query compiles Prisma's WebAssembly (the loader has set them already).
applyV8Flags();
// The launcher's allocator settings are for this process, not for tmux, sessions or git.
dropLaunchEnv(process.env);

/** What the loader (src/entry.ts) hands the daemon. */
export interface MainHooks {
  /** What became of the loader's V8 code cache (logged once the daemon is ready). */
  codeCache?: CacheState;
  /**
   * Called once the daemon answers: writes a fresh code cache when the loader had none it could
   * use (V8 then stores every function the start compiled). Returns why it could not.
   */
  started?: () => Error | undefined;
}

/** `rdv-server`: parses argv, starts the daemon and stops it on SIGTERM/SIGINT. */
export function runMain(hooks: MainHooks = {}): void {
  main(hooks).catch((error: unknown) => {
    if (error instanceof StartAbortedError) {
      process.stderr.write(`rdv-server: ${error.message}\n`);
      process.exit(0);
    }
    // One line, the cause and the fix; the stack is in server.log when there is one.
    process.stderr.write(`rdv-server: ${explainStartupFailure(error).message}\n`);
    process.exit(STARTUP_FAILURE_EXIT_CODE);
  });
}

async function main(hooks: MainHooks): Promise<void> {
  let values: { help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`rdv-server: ${(error as Error).message} (see rdv-server --help)\n`);
    process.exit(STARTUP_FAILURE_EXIT_CODE);
  }
  if (values.help) return void process.stdout.write(HELP);
  if (values.version) return void process.stdout.write(`${VERSION}\n`);

  // The title is how a later start recognises this pid as a running rdv-server.
  process.title = DAEMON_PROCESS_TITLE;

  // Signals are ours from the first moment: one that arrives while starting stops the start
  // (which undoes itself) instead of killing the process with its pid file and sockets left.
  const stopRequest = new AbortController();
  const started: { daemon?: RunningDaemon } = {};
  const onSignal = (signal: NodeJS.Signals) => {
    const daemon = started.daemon;
    if (!daemon) return stopRequest.abort(signal);
    // A second signal during shutdown kills outright, as before (Ctrl-C twice).
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    daemon
      .stop(signal)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        daemon.logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const daemon = (started.daemon = await startDaemon(process.env, stopRequest.signal));
  process.stderr.write(`rdv-server ${VERSION} ready: ${daemon.config.apiSocket}\n`);
  process.on('unhandledRejection', (error) => daemon.logger.error({ err: error }, 'unhandled rejection'));
  // After the first answers (a waiting client's health poll is served first): only a start
  // without a usable cache writes one, about 10 ms of work.
  setImmediate(() => {
    if (!hooks.started) return;
    const error = hooks.started();
    if (error) daemon.logger.warn({ err: error }, 'could not save the code cache; the next start compiles the bundle');
    else daemon.logger.info({ codeCache: hooks.codeCache }, 'code cache');
  });
}
