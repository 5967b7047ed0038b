#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { createApiClient, defaultPaths, type RdvCredentials } from '@rdv/client';
import { Command } from 'commander';
import pkg from '../package.json' with { type: 'json' };

/** Reads the CLI token the daemon wrote for the local user; `none` when there is none yet. */
function localCredentials(tokenFile: string): RdvCredentials {
  try {
    return { kind: 'cli', token: readFileSync(tokenFile, 'utf8').trim() };
  } catch {
    return { kind: 'none' };
  }
}

const program = new Command()
  .name('rdv')
  .description('Drive rdv: persistent terminal sessions for AI agents and shells')
  .version(pkg.version);

program
  .command('status')
  .description('show the daemon health')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const paths = defaultPaths();
    const { client, close } = createApiClient({
      socketPath: paths.apiSocket,
      credentials: localCredentials(paths.cliTokenFile),
    });
    try {
      const health = await client.health.query();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(health)}\n`);
      } else {
        process.stdout.write(
          `rdv-server ${health.version}: ${health.status}, up ${health.uptime_seconds}s, ` +
            `${health.metrics.active_sessions} active session(s)\n`,
        );
      }
    } catch {
      process.stderr.write(`rdv: the daemon is not running at ${paths.apiSocket} (start it: rdv-server)\n`);
      process.exitCode = 1;
    } finally {
      await close();
    }
  });

await program.parseAsync();
