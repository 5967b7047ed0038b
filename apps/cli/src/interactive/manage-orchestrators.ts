import { treeOrder } from '../commands/folder.ts';
import type { CliContext } from '../context.ts';
import { ago } from '../format/values.ts';
import { withApi } from '../output.ts';
import type { Prompter } from './prompter.ts';

/** Orchestrators and their insights: list, create, pause/resume, resolve. */
export async function manageOrchestrators(ctx: CliContext, p: Prompter): Promise<void> {
  const [orchestrators, insights] = await withApi(ctx, (client) =>
    Promise.all([
      client.orchestrators.list.query(),
      client.orchestrators.insights.list.query({ state: 'open', limit: 100 }),
    ]),
  );
  const action = await p.select('Orchestrators', [
    { value: 'list', label: 'List orchestrators', hint: `${orchestrators.length}` },
    { value: 'insights', label: 'Open insights', hint: `${insights.counts.open}` },
    { value: 'create', label: 'Create an orchestrator' },
    ...(orchestrators.length ? ([{ value: 'toggle', label: 'Pause or resume one' }] as const) : []),
    ...(insights.items.length
      ? ([{ value: 'resolve', label: 'Resolve an insight' }] as const)
      : []),
    { value: 'back', label: 'Back' },
  ]);
  switch (action) {
    case 'list':
      p.note(
        orchestrators.length
          ? orchestrators
              .map(
                (o) =>
                  `${o.name}  ${o.paused ? 'paused' : 'watching'}  every ${o.intervalSeconds}s  ${o.openInsights} open`,
              )
              .join('\n')
          : 'no orchestrators yet',
        'Orchestrators',
      );
      return;
    case 'insights':
      p.note(
        insights.items.length
          ? insights.items
              .map((i) => `${i.severity.padEnd(8)} ${i.type}  ${i.message}  (${ago(i.createdAt)})`)
              .join('\n')
          : 'no open insights',
        'Open insights',
      );
      return;
    case 'create': {
      const name = await p.text('Name', {
        validate: (v) => (v.trim() ? undefined : 'a name is needed'),
      });
      const folders = await withApi(ctx, (client) => client.folders.list.query());
      const folderId = await p.select('Watch', [
        { value: '', label: 'All my sessions' },
        ...treeOrder(folders).map(({ folder, depth }) => ({
          value: folder.id,
          label: `${'  '.repeat(depth)}${folder.name}`,
        })),
      ]);
      const auto = await p.confirm('Nudge stalled agents by itself?', false);
      const nudge = auto
        ? await p.text('What should it type?', {
            placeholder: 'continue',
            validate: (v) => (v.trim() ? undefined : 'the nudge text'),
          })
        : undefined;
      const created = await withApi(ctx, (client) =>
        client.orchestrators.create.mutate({
          name: name.trim(),
          folderId: folderId || null,
          autoIntervention: auto,
          ...(nudge ? { nudgeText: nudge.trim() } : {}),
          paused: false,
        }),
      );
      p.success(`Created orchestrator ${created.name}`);
      return;
    }
    case 'toggle': {
      const id = await p.select(
        'Which one?',
        orchestrators.map((o) => ({
          value: o.id,
          label: o.name,
          hint: o.paused ? 'paused: resume it' : 'watching: pause it',
        })),
      );
      const current = orchestrators.find((o) => o.id === id)!;
      await withApi(ctx, (client) =>
        client.orchestrators.update.mutate({ id, paused: !current.paused }),
      );
      p.success(`${current.name} ${current.paused ? 'resumed' : 'paused'}`);
      return;
    }
    case 'resolve': {
      const id = await p.select(
        'Which insight?',
        insights.items.map((i) => ({
          value: i.id,
          label: `${i.severity} ${i.type}`,
          hint: i.message,
        })),
      );
      await withApi(ctx, (client) => client.orchestrators.insights.resolve.mutate({ id }));
      p.success('Resolved');
      return;
    }
    case 'back':
      return;
  }
}
