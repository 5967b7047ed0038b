import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { RouterInputs } from '@rdv/api';
import type { Orchestrator, OrchestratorDetail } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderFields, renderTable } from '../format/table.ts';
import { ago } from '../format/values.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveRef } from '../resolve/resolve-ref.ts';
import { folderPath, resolveFolder, resolveSession } from '../resolve/resolvers.ts';
import { positiveInt, withJson } from './options.ts';

type Client = ReturnType<CliContext['api']>['client'];
type UpdateInput = RouterInputs['orchestrators']['update'];

interface SettingsOptions {
  folder?: string;
  all?: boolean;
  interval?: number;
  stallAfter?: number;
  auto?: boolean;
  nudge?: string;
  instructions?: string;
}

/** An orchestrator by id, name or id prefix. */
export async function resolveOrchestrator(client: Client, ref: string): Promise<Orchestrator> {
  return resolveRef(await client.orchestrators.list.query(), ref, { kind: 'orchestrator' });
}

/** The settings flags create and update share. */
function withSettings(command: Command): Command {
  return command
    .option('-f, --folder <folder>', 'watch this folder and its sub-folders')
    .option('--all', 'watch all of your sessions (no folder)')
    .option('--interval <seconds>', 'how often it checks', positiveInt)
    .option('--stall-after <seconds>', 'no output this long while busy = stalled', positiveInt)
    .option('--auto', 'send the nudge to stalled sessions (once per stall)')
    .option('--no-auto', 'never type into sessions by itself')
    .option('--nudge <text>', 'what auto-intervention types')
    .option('--instructions <text>', 'free text for whoever drives it');
}

async function settingsFrom(
  client: Client,
  opts: SettingsOptions,
): Promise<Omit<UpdateInput, 'id'>> {
  if (opts.folder && opts.all)
    throw new CliError('give --folder or --all, not both', ExitCode.usage);
  const folderId = opts.folder
    ? (await resolveFolder(client, opts.folder)).id
    : opts.all
      ? null
      : undefined;
  return {
    ...(folderId !== undefined ? { folderId } : {}),
    ...(opts.interval ? { intervalSeconds: opts.interval } : {}),
    ...(opts.stallAfter ? { stallThresholdSeconds: opts.stallAfter } : {}),
    ...(opts.auto !== undefined ? { autoIntervention: opts.auto } : {}),
    ...(opts.nudge !== undefined ? { nudgeText: opts.nudge || null } : {}),
    ...(opts.instructions !== undefined ? { instructions: opts.instructions || null } : {}),
  };
}

/** `rdv orchestrator ...`: watchers that flag stalled or waiting agents and can nudge them. */
export function registerOrchestratorCommand(program: Command, ctx: CliContext): void {
  const orch = program
    .command('orchestrator')
    .alias('orch')
    .description('watch agents: stalls, waiting, errors; nudge safely');

  withJson(
    orch.command('list').alias('ls').description('your orchestrators with their open insights'),
  ).action((opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const [list, folders] = await Promise.all([
        client.orchestrators.list.query(),
        client.folders.list.query(),
      ]);
      if (opts.json) return printJson(ctx, list);
      if (list.length === 0) return print(ctx, 'no orchestrators (rdv orchestrator create <name>)');
      const byId = new Map(folders.map((f) => [f.id, f]));
      print(
        ctx,
        renderTable(
          [
            { header: 'id', value: (o: (typeof list)[number]) => o.id },
            { header: 'name', value: (o) => o.name, maxWidth: 32 },
            {
              header: 'scope',
              value: (o) =>
                o.folderId && byId.has(o.folderId)
                  ? folderPath(byId.get(o.folderId)!, byId)
                  : 'all sessions',
            },
            { header: 'state', value: (o) => (o.paused ? 'paused' : 'watching') },
            { header: 'every', value: (o) => `${o.intervalSeconds}s` },
            { header: 'stall after', value: (o) => `${o.stallThresholdSeconds}s` },
            { header: 'auto', value: (o) => (o.autoIntervention ? 'on' : 'off') },
            { header: 'open insights', value: (o) => String(o.openInsights), align: 'right' },
          ],
          list,
        ),
      );
    }),
  );

  withJson(
    withSettings(
      orch.command('create').alias('new').argument('<name>').description('create an orchestrator'),
    ),
  )
    .option('--paused', 'create it paused')
    .action((name: string, opts: JsonOption & SettingsOptions & { paused?: boolean }) =>
      withApi(ctx, async (client) => {
        const settings = await settingsFrom(client, opts);
        const created = await client.orchestrators.create.mutate({
          name,
          folderId: settings.folderId ?? null,
          ...settings,
          autoIntervention: settings.autoIntervention ?? false,
          paused: opts.paused ?? false,
        });
        if (opts.json) return printJson(ctx, created);
        print(ctx, `created orchestrator ${created.name} (${created.id})`);
      }),
    );

  withJson(
    orch
      .command('get')
      .alias('show')
      .argument('<orchestrator>')
      .description('settings, sessions in scope and their status'),
  ).action((ref: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const detail = await client.orchestrators.get.query({
        id: (await resolveOrchestrator(client, ref)).id,
      });
      if (opts.json) return printJson(ctx, detail);
      print(ctx, describe(detail));
    }),
  );

  withJson(
    withSettings(orch.command('update').argument('<orchestrator>').description('change settings')),
  ).action((ref: string, opts: JsonOption & SettingsOptions) =>
    withApi(ctx, async (client) => {
      const found = await resolveOrchestrator(client, ref);
      const settings = await settingsFrom(client, opts);
      if (Object.keys(settings).length === 0)
        throw new CliError('nothing to change', ExitCode.usage);
      const updated = await client.orchestrators.update.mutate({ id: found.id, ...settings });
      if (opts.json) return printJson(ctx, updated);
      print(ctx, `updated ${updated.name}`);
    }),
  );

  for (const [name, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    withJson(
      orch
        .command(name)
        .argument('<orchestrator>')
        .description(paused ? 'stop watching (and injecting)' : 'watch again'),
    ).action((ref: string, opts: JsonOption) =>
      withApi(ctx, async (client) => {
        const found = await resolveOrchestrator(client, ref);
        const updated = await client.orchestrators.update.mutate({ id: found.id, paused });
        if (opts.json) return printJson(ctx, updated);
        print(ctx, `${updated.name} ${paused ? 'paused' : 'resumed'}`);
      }),
    );
  }

  withJson(
    orch
      .command('delete')
      .alias('rm')
      .argument('<orchestrator>')
      .description('delete an orchestrator'),
  ).action((ref: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const found = await resolveOrchestrator(client, ref);
      const result = await client.orchestrators.delete.mutate({ id: found.id });
      if (opts.json) return printJson(ctx, result ?? { deleted: found.id });
      print(ctx, `deleted orchestrator ${found.name}`);
    }),
  );

  withJson(
    orch
      .command('inject')
      .argument('<orchestrator>')
      .argument('<session>')
      .argument('[text...]', 'text to type; Enter is pressed after it')
      .description('type into a session in scope, through the safety checks (audited)'),
  )
    .option('--stdin', 'read the text from standard input')
    .option('--force', 'type it even if it looks destructive (audited as forced)')
    .action(
      (
        ref: string,
        sessionRef: string,
        words: string[],
        opts: JsonOption & { stdin?: boolean; force?: boolean },
      ) =>
        withApi(ctx, async (client) => {
          const text = opts.stdin ? readFileSync(0, 'utf8').replace(/\n$/, '') : words.join(' ');
          if (!text)
            throw new CliError('nothing to type: give the text or --stdin', ExitCode.usage);
          const [orchestrator, session] = await Promise.all([
            resolveOrchestrator(client, ref),
            resolveSession(client, sessionRef),
          ]);
          const result = await client.orchestrators.inject.mutate({
            orchestratorId: orchestrator.id,
            sessionId: session.id,
            text,
            force: opts.force ?? false,
          });
          if (opts.json) return printJson(ctx, result);
          print(ctx, `typed into ${session.name} (audit ${result.auditId})`);
        }),
    );
}

function describe(detail: OrchestratorDetail): string {
  const head = renderFields([
    ['id', detail.id],
    ['name', detail.name],
    ['scope', detail.folderId ?? 'all sessions'],
    ['state', detail.paused ? 'paused' : 'watching'],
    ['interval', `${detail.intervalSeconds}s`],
    ['stall after', `${detail.stallThresholdSeconds}s`],
    [
      'auto-intervention',
      detail.autoIntervention ? `on (nudge: ${detail.nudgeText ?? '-'})` : 'off',
    ],
    [
      'insights',
      `${detail.insights.open} open (${Object.entries(detail.insights.bySeverity)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ')}), ${detail.insights.resolved} resolved`,
    ],
  ]);
  if (detail.sessions.length === 0) return `${head}sessions: none in scope\n`;
  return `${head}sessions:\n${renderTable(
    [
      { header: 'id', value: (s: OrchestratorDetail['sessions'][number]) => s.id },
      { header: 'name', value: (s) => s.name, maxWidth: 32 },
      { header: 'kind', value: (s) => s.kind },
      { header: 'agent status', value: (s) => s.agentStatus ?? '-' },
      { header: 'since', value: (s) => ago(s.agentStatusAt) },
      { header: 'activity', value: (s) => ago(s.lastActivityAt) },
    ],
    detail.sessions,
  )}`;
}
