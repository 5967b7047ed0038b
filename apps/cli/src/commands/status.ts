import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { ExitCode } from '../errors.ts';
import { print, printJson } from '../output.ts';
import { readPid, requireHealth } from '../server/daemon-control.ts';

/** `rdv status`: the daemon's health in one line (`rdv server status` has every field). */
export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show the daemon health')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const health = await requireHealth(ctx.paths);
      if (health.status !== 'healthy') ctx.exitCode = ExitCode.error;
      if (opts.json) return printJson(ctx, health);
      print(
        ctx,
        `rdv-server ${health.version}: ${health.status}, up ${health.uptime_seconds}s, ` +
          `${health.metrics.active_sessions} active session(s), pid ${readPid(ctx.paths) ?? '?'}`,
      );
    });
}
