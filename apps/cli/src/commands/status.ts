import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { noteOffline, offlineStatus } from '../offline/offline-sessions.ts';
import { print, printJson } from '../output.ts';
import { readPid, requireHealth } from '../server/daemon-control.ts';

/** `rdv status`: the daemon's health in one line (`rdv server status` has every field). */
export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show the daemon health')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const health = await requireHealth(ctx.paths).catch(async (error: unknown) => {
        if (!(error instanceof CliError) || error.exitCode !== ExitCode.daemonDown) throw error;
        // Offline: what rdv's tmux server still holds. Exit 4 all the same: the daemon is down.
        const status = await offlineStatus(ctx);
        noteOffline(ctx, 'status');
        ctx.exitCode = ExitCode.daemonDown;
        if (opts.json) printJson(ctx, status);
        else
          print(
            ctx,
            `rdv-server: not running; tmux server: ${status.tmux.running ? `running, ${status.tmux.sessions} rdv session(s)` : 'not running'}`,
          );
        return null;
      });
      if (!health) return;
      if (health.status !== 'healthy') ctx.exitCode = ExitCode.error;
      if (opts.json) return printJson(ctx, health);
      print(
        ctx,
        `rdv-server ${health.version}: ${health.status}, up ${health.uptime_seconds}s, ` +
          `${health.metrics.active_sessions} active session(s), pid ${readPid(ctx.paths) ?? '?'}`,
      );
    });
}
