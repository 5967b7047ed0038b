import { homedir } from 'node:os';
import type { Command } from 'commander';
import type { Folder, FolderContext } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderFields, renderTable } from '../format/table.ts';
import { tildify, uniquePrefixLength } from '../format/values.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveFolder, resolveFolderIn } from '../resolve/resolvers.ts';
import { withJson } from './options.ts';

/** `rdv folder ...`: the folder tree that groups sessions. */
export function registerFolderCommand(program: Command, ctx: CliContext): void {
  const folder = program
    .command('folder')
    .alias('folders')
    .description('organise sessions in folders');

  withJson(
    folder
      .command('list')
      .alias('ls')
      .description('the folder tree, with live sessions per folder'),
  ).action((opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const [folders, sessions] = await Promise.all([
        client.folders.list.query(),
        client.sessions.list.query({ status: ['active', 'suspended'] }),
      ]);
      if (opts.json) return printJson(ctx, folders);
      if (folders.length === 0) return print(ctx, 'no folders (rdv folder create <name>)');
      const live = new Map<string, number>();
      for (const s of sessions)
        if (s.folderId) live.set(s.folderId, (live.get(s.folderId) ?? 0) + 1);
      const idLength = uniquePrefixLength(folders.map((f) => f.id));
      const rows = treeOrder(folders);
      print(
        ctx,
        renderTable(
          [
            { header: 'id', value: (row: { folder: Folder }) => row.folder.id.slice(0, idLength) },
            {
              header: 'name',
              value: (row) => `${'  '.repeat(row.depth)}${row.folder.name}`,
              maxWidth: 48,
            },
            {
              header: 'sessions',
              value: (row) => String(live.get(row.folder.id) ?? 0),
              align: 'right',
            },
          ],
          rows,
        ),
      );
    }),
  );

  withJson(folder.command('create').alias('new').argument('<name>').description('create a folder'))
    .option('-p, --parent <folder>', 'inside this folder (id, name or path)')
    .action((name: string, opts: JsonOption & { parent?: string }) =>
      withApi(ctx, async (client) => {
        const parent = opts.parent ? await resolveFolder(client, opts.parent) : null;
        const created = await client.folders.create.mutate({ name, parentId: parent?.id ?? null });
        if (opts.json) return printJson(ctx, created);
        print(
          ctx,
          `created folder ${created.name} (${created.id})${parent ? ` in ${parent.name}` : ''}`,
        );
      }),
    );

  withJson(
    folder.command('rename').argument('<folder>').argument('<name>').description('rename a folder'),
  ).action((ref: string, name: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const found = await resolveFolder(client, ref);
      const updated = await client.folders.update.mutate({ id: found.id, name });
      if (opts.json) return printJson(ctx, updated);
      print(ctx, `renamed folder ${found.name} to ${updated.name}`);
    }),
  );

  withJson(
    folder
      .command('move')
      .argument('<folder>')
      .argument('[parent]', 'new parent folder')
      .description('move a folder under another one'),
  )
    .option('--root', 'make it a top-level folder')
    .action((ref: string, parentRef: string | undefined, opts: JsonOption & { root?: boolean }) =>
      withApi(ctx, async (client) => {
        if (!parentRef === !opts.root)
          throw new CliError('give a parent folder or --root (not both)', ExitCode.usage);
        const folders = await client.folders.list.query();
        const found = resolveFolderIn(folders, ref);
        const parent = parentRef ? resolveFolderIn(folders, parentRef) : null;
        const updated = await client.folders.update.mutate({
          id: found.id,
          parentId: parent?.id ?? null,
        });
        if (opts.json) return printJson(ctx, updated);
        print(
          ctx,
          parent
            ? `moved folder ${found.name} into ${parent.name}`
            : `moved folder ${found.name} to the top level`,
        );
      }),
    );

  withJson(
    folder
      .command('delete')
      .alias('rm')
      .argument('<folder>')
      .description('delete a folder (refused while it holds folders or live sessions)'),
  )
    .option('--move-contents', 'move its folders and sessions to its parent first')
    .action((ref: string, opts: JsonOption & { moveContents?: boolean }) =>
      withApi(ctx, async (client) => {
        const found = await resolveFolder(client, ref);
        const result = await client.folders.delete.mutate({
          id: found.id,
          moveContentsToParent: opts.moveContents ?? false,
        });
        if (opts.json) return printJson(ctx, result ?? { deleted: found.id });
        print(ctx, `deleted folder ${found.name} (${found.id})`);
      }),
    );

  withJson(
    folder
      .command('show')
      .alias('get')
      .argument('<folder>')
      .description('a folder with its path, preferences, sessions and worktrees'),
  ).action((ref: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const found = await resolveFolder(client, ref);
      const context = await client.folders.context.query({ id: found.id });
      if (opts.json) return printJson(ctx, context);
      print(ctx, describeContext(context));
    }),
  );
}

/** Folders depth-first, siblings by sortOrder then name, with their depth. */
export function treeOrder(folders: readonly Folder[]): Array<{ folder: Folder; depth: number }> {
  const children = new Map<string | null, Folder[]>();
  const ids = new Set(folders.map((f) => f.id));
  for (const f of folders) {
    const parent = f.parentId && ids.has(f.parentId) ? f.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), f]);
  }
  const out: Array<{ folder: Folder; depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort(
      (a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name),
    );
    for (const f of list) {
      out.push({ folder: f, depth });
      walk(f.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function describeContext(context: FolderContext): string {
  const path = [...context.ancestors.map((a) => a.name), context.folder.name].join('/');
  const home = homedir();
  const prefs = context.preferences;
  const lines = [
    renderFields([
      ['id', context.folder.id],
      ['path', path],
      ['cwd', `${tildify(prefs.values.cwd, home)} (${prefs.sources.cwd})`],
      ['shell', `${prefs.values.shell} (${prefs.sources.shell})`],
      ['agent command', `${prefs.values.agentCommand ?? '-'} (${prefs.sources.agentCommand})`],
      ['orchestrators', String(context.orchestrators.length)],
    ]),
  ];
  lines.push(
    context.sessions.length
      ? `sessions:\n${renderTable(
          [
            { header: 'id', value: (s: FolderContext['sessions'][number]) => s.id },
            { header: 'name', value: (s) => s.name, maxWidth: 32 },
            { header: 'kind', value: (s) => s.kind },
            { header: 'status', value: (s) => s.status },
          ],
          context.sessions,
        )}`
      : 'sessions: none\n',
  );
  if (context.worktrees.length) {
    lines.push(
      `worktrees:\n${renderTable(
        [
          { header: 'id', value: (w: FolderContext['worktrees'][number]) => w.id },
          { header: 'branch', value: (w) => w.branch },
          { header: 'status', value: (w) => w.status },
          { header: 'path', value: (w) => tildify(w.path, home) },
        ],
        context.worktrees,
      )}`,
    );
  }
  return lines.join('\n');
}
