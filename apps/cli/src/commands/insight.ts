import type { Command } from 'commander';
import type { Insight } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderTable } from '../format/table.ts';
import { ago } from '../format/values.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveRef } from '../resolve/resolve-ref.ts';
import { resolveSession } from '../resolve/resolvers.ts';
import { resolveOrchestrator } from './orchestrator.ts';
import { positiveInt, withJson } from './options.ts';

const STATES = ['open', 'resolved', 'all'] as const;
const SEVERITIES = ['info', 'warning', 'critical'] as const;

interface InsightListOptions extends JsonOption {
  orchestrator?: string;
  session?: string;
  state?: string;
  severity?: string;
  limit?: number;
}

/** `rdv insight list|resolve`: what orchestrators noticed. */
export function registerInsightCommand(program: Command, ctx: CliContext): void {
  const insight = program
    .command('insight')
    .alias('insights')
    .description("list and resolve orchestrators' insights");

  withJson(insight.command('list').alias('ls').description('open insights, newest first'))
    .option('-o, --orchestrator <orchestrator>', 'only from this orchestrator')
    .option('-s, --session <session>', 'only about this session')
    .option('--state <state>', 'open, resolved or all', 'open')
    .option('--severity <severity>', 'info, warning or critical')
    .option('-n, --limit <n>', 'at most this many (default 100)', positiveInt)
    .action((opts: InsightListOptions) =>
      withApi(ctx, async (client) => {
        if (!(STATES as readonly string[]).includes(opts.state ?? 'open'))
          throw new CliError(`--state is one of ${STATES.join(', ')}`, ExitCode.usage);
        if (opts.severity && !(SEVERITIES as readonly string[]).includes(opts.severity)) {
          throw new CliError(`--severity is one of ${SEVERITIES.join(', ')}`, ExitCode.usage);
        }
        const [orchestrator, session] = await Promise.all([
          opts.orchestrator ? resolveOrchestrator(client, opts.orchestrator) : undefined,
          opts.session ? resolveSession(client, opts.session) : undefined,
        ]);
        const result = await client.orchestrators.insights.list.query({
          state: (opts.state ?? 'open') as (typeof STATES)[number],
          ...(orchestrator ? { orchestratorId: orchestrator.id } : {}),
          ...(session ? { sessionId: session.id } : {}),
          ...(opts.severity ? { severity: opts.severity as (typeof SEVERITIES)[number] } : {}),
          ...(opts.limit ? { limit: opts.limit } : {}),
        });
        if (opts.json) return printJson(ctx, result);
        if (result.items.length === 0)
          return print(ctx, `no ${opts.state === 'all' ? '' : `${opts.state ?? 'open'} `}insights`);
        print(
          ctx,
          renderTable(
            [
              { header: 'id', value: (i: Insight) => i.id },
              { header: 'severity', value: (i) => i.severity },
              { header: 'type', value: (i) => i.type },
              { header: 'session', value: (i) => i.sessionId ?? '-' },
              { header: 'when', value: (i) => ago(i.createdAt) },
              { header: 'resolved', value: (i) => (i.resolvedAt ? ago(i.resolvedAt) : '') },
              { header: 'message', value: (i) => i.message, maxWidth: 60 },
            ],
            result.items,
          ),
        );
      }),
    );

  withJson(
    insight
      .command('resolve')
      .argument('<insight...>', 'insight ids (or unique prefixes)')
      .description('mark insights resolved'),
  ).action((refs: string[], opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const all = (await client.orchestrators.insights.list.query({ state: 'all', limit: 500 }))
        .items;
      const resolved = [];
      for (const ref of refs) {
        // The newest 500 are matched by prefix; an older insight needs its full id.
        const found =
          all.some((i) => i.id === ref) || ref.length >= 20
            ? { id: ref }
            : resolveRef(all, ref, { kind: 'insight' });
        resolved.push(await client.orchestrators.insights.resolve.mutate({ id: found.id }));
      }
      if (opts.json) return printJson(ctx, resolved);
      for (const r of resolved) print(ctx, `resolved ${r.id} (${r.type})`);
    }),
  );
}
