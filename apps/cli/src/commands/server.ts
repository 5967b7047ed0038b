import type { Command } from 'commander';
import type { Health } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderFields } from '../format/table.ts';
import { duration, toDate } from '../format/values.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import {
  DEFAULT_START_TIMEOUT_MS,
  DEFAULT_STOP_TIMEOUT_MS,
  fetchHealth,
  readPid,
  requireHealth,
  startDaemon,
  stopDaemon,
} from '../server/daemon-control.ts';
import { followLines, formatLogLine, tailLines } from '../server/log-tail.ts';
import { withProgress } from '../ui/spinner.ts';
import { positiveInt, withJson } from './options.ts';

/** `rdv server start|stop|restart|status|logs|rotate-token`: the daemon in the background. */
export function registerServerCommand(program: Command, ctx: CliContext): void {
  const server = program
    .command('server')
    .description('start, stop and inspect rdv-server (the daemon)');

  withJson(
    server
      .command('start')
      .description('start the daemon in the background and wait until it is healthy'),
  )
    .option('--timeout <seconds>', 'how long to wait for it', positiveInt)
    .action((opts: JsonOption & { timeout?: number }) => start(ctx, opts));

  withJson(
    server
      .command('stop')
      .description('stop the daemon gracefully (SIGTERM); sessions keep running in tmux'),
  )
    .option('--timeout <seconds>', 'how long to wait for it to exit', positiveInt)
    .action((opts: JsonOption & { timeout?: number }) => stop(ctx, opts));

  withJson(server.command('restart').description('stop the daemon if it runs, then start it'))
    .option('--timeout <seconds>', 'how long to wait for each step', positiveInt)
    .action(async (opts: JsonOption & { timeout?: number }) => {
      await stop(ctx, { ...opts, json: false, quietWhenStopped: true });
      await start(ctx, opts);
    });

  withJson(
    server
      .command('status')
      .description("the daemon's health: version, uptime, components, metrics"),
  ).action(async (opts: JsonOption) => {
    const health = await requireHealth(ctx.paths);
    const pid = readPid(ctx.paths);
    // The sockets: a home that adds this machine as a host forwards them over ssh.
    if (opts.json)
      return printJson(ctx, { ...health, pid, apiSocket: ctx.paths.apiSocket, terminalSocket: ctx.paths.terminalSocket });
    print(ctx, renderFields(healthFields(health, pid)));
    if (health.status !== 'healthy') ctx.exitCode = ExitCode.error;
  });

  withJson(
    server
      .command('rotate-token')
      .description(
        "replace the web app's service token now; the previous one stays valid for a grace period",
      ),
  ).action((opts: JsonOption) =>
    withApi(ctx, async (client) => {
      // The report carries ids and dates only; the new token is only ever in the token file.
      const report = await client.server.rotateServiceToken.mutate();
      if (opts.json) return printJson(ctx, report);
      const until = toDate(report.previousValidUntil)?.toISOString() ?? '-';
      print(ctx, `rotated the service token: new token ${report.tokenId}`);
      print(ctx, `the previous token stays valid until ${until}`);
    }),
  );

  server
    .command('logs')
    .description("print the daemon's log (server/server.log)")
    .option('-n, --lines <n>', 'how many lines from the end', positiveInt, 50)
    .option('-f, --follow', 'keep printing new lines (Ctrl-C stops)')
    .option('--raw', 'print the JSON lines as they are')
    .action(async (opts: { lines: number; follow?: boolean; raw?: boolean }) => {
      let tail;
      try {
        tail = tailLines(ctx.paths.logFile, opts.lines);
      } catch {
        throw new CliError(
          `no log at ${ctx.paths.logFile} (has the daemon ever run with this RDV_HOME?)`,
          ExitCode.notFound,
        );
      }
      const show = (line: string) => ctx.stdout.write(`${opts.raw ? line : formatLogLine(line)}\n`);
      tail.lines.forEach(show);
      if (!opts.follow) return;
      const follower = followLines(ctx.paths.logFile, tail.end, show);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      follower.stop();
    });
}

async function start(ctx: CliContext, opts: JsonOption & { timeout?: number }): Promise<void> {
  const timeoutMs = opts.timeout ? opts.timeout * 1000 : DEFAULT_START_TIMEOUT_MS;
  const work = () => startDaemon(ctx.paths, ctx.env, timeoutMs);
  const result = opts.json
    ? await work()
    : await withProgress(ctx, 'Starting rdv-server', work, (r) =>
        r.alreadyRunning
          ? `rdv-server is already running (pid ${r.pid}, version ${r.health.version})`
          : `rdv-server ${r.health.version} started (pid ${r.pid}); logs: ${ctx.paths.logFile}`,
      );
  if (opts.json)
    printJson(ctx, { ...result.health, pid: result.pid, alreadyRunning: result.alreadyRunning });
  if (result.health.status !== 'healthy') ctx.exitCode = ExitCode.error;
}

async function stop(
  ctx: CliContext,
  opts: JsonOption & { timeout?: number; quietWhenStopped?: boolean },
): Promise<void> {
  const timeoutMs = opts.timeout ? opts.timeout * 1000 : DEFAULT_STOP_TIMEOUT_MS;
  const running = readPid(ctx.paths) !== null || (await fetchHealth(ctx.paths.apiSocket)) !== null;
  const work = async () => (running ? stopDaemon(ctx.paths, timeoutMs) : null);
  const stopped =
    opts.json || !running
      ? await work()
      : await withProgress(ctx, 'Stopping rdv-server', work, (r) =>
          r
            ? `rdv-server stopped (pid ${r.pid}); tmux sessions keep running`
            : 'rdv-server was not running',
        );
  if (opts.json) printJson(ctx, { stopped: stopped !== null, pid: stopped?.pid ?? null });
  else if (!running && !opts.quietWhenStopped) print(ctx, 'rdv-server is not running');
}

export function healthFields(health: Health, pid: number | null): Array<[string, string]> {
  const yes = (ok: boolean) => (ok ? 'ok' : 'FAILING');
  // A daemon older than this CLI has no such field.
  const reported: Partial<Pick<Health, 'orphaned_tmux_sessions'>> = health;
  const orphans = reported.orphaned_tmux_sessions ?? [];
  return [
    ['status', health.status],
    ['version', health.version],
    ['pid', pid === null ? '-' : String(pid)],
    ['uptime', duration(health.uptime_seconds)],
    ['database', yes(health.components.database)],
    ['tmux', yes(health.components.tmux)],
    ['active sessions', String(health.metrics.active_sessions)],
    ['websocket clients', String(health.metrics.websocket_connections)],
    ['pending requests', String(health.metrics.pending_requests)],
    ...(orphans.length
      ? ([['orphaned tmux', `${orphans.join(', ')} (rdv session orphans)`]] as Array<[string, string]>)
      : []),
  ];
}
