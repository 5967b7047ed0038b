import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

/** `rdv status`: the daemon's health. */
export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show the daemon health')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { client, close } = ctx.api();
      try {
        const health = await client.health.query();
        if (opts.json) {
          ctx.stdout.write(`${JSON.stringify(health)}\n`);
        } else {
          ctx.stdout.write(
            `rdv-server ${health.version}: ${health.status}, up ${health.uptime_seconds}s, ` +
              `${health.metrics.active_sessions} active session(s)\n`,
          );
        }
      } catch {
        ctx.stderr.write(`rdv: the daemon is not running at ${ctx.paths.apiSocket} (start it: rdv server start)\n`);
        process.exitCode = 1;
      } finally {
        await close();
      }
    });
}
