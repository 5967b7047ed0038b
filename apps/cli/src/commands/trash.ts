import { homedir } from 'node:os';
import type { Command } from 'commander';
import type { TrashItem } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { renderTable } from '../format/table.ts';
import { ago, tildify } from '../format/values.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveRef } from '../resolve/resolve-ref.ts';
import { withJson } from './options.ts';

/** `rdv trash list|restore|purge`: worktrees moved aside when their sessions closed. */
export function registerTrashCommand(program: Command, ctx: CliContext): void {
  const trash = program.command('trash').description('restore or purge trashed worktrees');
  const home = homedir();
  const find = async (client: ReturnType<CliContext['api']>['client'], ref: string) =>
    resolveRef(await client.trash.list.query(), ref, { kind: 'trash item' });

  withJson(trash.command('list').alias('ls').description('what is in the trash')).action(
    (opts: JsonOption) =>
      withApi(ctx, async (client) => {
        const items = await client.trash.list.query();
        if (opts.json) return printJson(ctx, items);
        if (items.length === 0) return print(ctx, 'the trash is empty');
        print(
          ctx,
          renderTable(
            [
              { header: 'id', value: (t: TrashItem) => t.id },
              { header: 'kind', value: (t) => t.kind },
              { header: 'branch', value: (t) => t.branch ?? '-', maxWidth: 32 },
              { header: 'trashed', value: (t) => ago(t.trashedAt) },
              { header: 'work', value: (t) => (t.hasUncommittedWork ? t.work : '-'), maxWidth: 40 },
              { header: 'expired', value: (t) => (t.expired ? 'yes' : '') },
              { header: 'from', value: (t) => tildify(t.originalPath, home), maxWidth: 60 },
            ],
            items,
          ),
        );
      }),
  );

  withJson(
    trash
      .command('restore')
      .argument('<item>', 'trash item id or prefix')
      .description('put a worktree back where it was'),
  ).action((ref: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const item = await find(client, ref);
      const restored = await client.trash.restore.mutate({ id: item.id });
      if (opts.json) return printJson(ctx, restored);
      print(ctx, `restored ${tildify(item.originalPath, home)}`);
    }),
  );

  withJson(
    trash
      .command('purge')
      .argument('<item>', 'trash item id or prefix')
      .description('delete a trash item for good'),
  )
    .option('--force', 'even when it holds uncommitted work')
    .action((ref: string, opts: JsonOption & { force?: boolean }) =>
      withApi(ctx, async (client) => {
        const item = await find(client, ref);
        const result = await client.trash.purge.mutate({ id: item.id, force: opts.force ?? false });
        if (opts.json) return printJson(ctx, result);
        print(ctx, `purged ${item.id}`);
      }),
    );
}
