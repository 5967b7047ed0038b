import { homedir } from 'node:os';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { renderFields, renderTable, type Column } from '../format/table.ts';
import { ago, tildify } from '../format/values.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { sessionFields } from '../session/show.ts';
import { withJson } from './options.ts';

type Orphan = { name: string; createdAt: string; attached: number; dead: boolean; cwd: string | null; command: string | null };

/**
 * `rdv session orphans [--json]`, `... adopt <name>`, `... kill <name>`: tmux sessions on rdv's
 * server that no session owns (left by a crash or a database restored from a backup).
 */
export function registerOrphansCommand(session: Command, ctx: CliContext): void {
  const orphans = session
    .command('orphans')
    .description('list tmux sessions no rdv session owns; adopt (make a session of) or kill them');
  // `list` is the default, so `orphans --json` and `orphans adopt <name> --json` each get their flag.
  withJson(orphans.command('list', { isDefault: true }).description('list orphaned tmux sessions')).action((opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const list = await client.sessions.orphans.list.query();
      if (opts.json) return printJson(ctx, list);
      if (list.length === 0) return print(ctx, 'no orphaned tmux sessions');
      const home = homedir();
      const columns: Array<Column<Orphan>> = [
        { header: 'tmux session', value: (o) => o.name },
        { header: 'state', value: (o) => (o.dead ? 'exited' : o.attached > 0 ? `attached (${o.attached})` : 'running') },
        { header: 'created', value: (o) => ago(o.createdAt) },
        { header: 'command', value: (o) => o.command ?? '-', maxWidth: 20 },
        { header: 'cwd', value: (o) => (o.cwd ? tildify(o.cwd, home) : '-'), maxWidth: 48 },
      ];
      print(ctx, renderTable(columns, list));
      print(ctx, '\nrdv session orphans adopt <name> makes a session of one; rdv session orphans kill <name> ends it.');
    }),
  );

  withJson(orphans.command('adopt').argument('<name>').description('make an rdv session of an orphaned tmux session')).action(
    (name: string, opts: JsonOption) =>
      withApi(ctx, async (client) => {
        const adopted = await client.sessions.orphans.adopt.mutate({ name });
        if (opts.json) return printJson(ctx, adopted);
        print(ctx, `adopted ${name} as session ${adopted.name} (${adopted.id})\n${renderFields(sessionFields(adopted))}`);
      }),
  );

  withJson(orphans.command('kill').argument('<name>').description('kill an orphaned tmux session and what runs in it')).action(
    (name: string, opts: JsonOption) =>
      withApi(ctx, async (client) => {
        const killed = await client.sessions.orphans.kill.mutate({ name });
        if (opts.json) return printJson(ctx, killed);
        print(ctx, `killed ${killed.name}`);
      }),
  );
}
