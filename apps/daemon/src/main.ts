#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from './config/load-config.ts';
import { startDaemon } from './daemon.ts';
import { AlreadyRunningError, PROCESS_TITLE } from './startup/pid-file.ts';
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

async function main(): Promise<void> {
  let values: { help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`rdv-server: ${(error as Error).message} (see rdv-server --help)\n`);
    process.exit(2);
  }
  if (values.help) return void process.stdout.write(HELP);
  if (values.version) return void process.stdout.write(`${VERSION}\n`);

  // The title is how a later start recognises this pid as a running rdv-server.
  process.title = PROCESS_TITLE;
  const daemon = await startDaemon();
  process.stderr.write(`rdv-server ${VERSION} ready: ${daemon.config.apiSocket}\n`);

  const onSignal = (signal: NodeJS.Signals) => {
    daemon
      .stop(signal)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        daemon.logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  process.on('unhandledRejection', (error) => daemon.logger.error({ err: error }, 'unhandled rejection'));
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof AlreadyRunningError;
  const message = known ? error.message : `failed to start: ${(error as Error).message}`;
  process.stderr.write(`rdv-server: ${message}\n`);
  process.exit(known ? 2 : 1);
});
