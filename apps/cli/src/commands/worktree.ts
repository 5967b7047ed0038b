import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import type { WorktreeEntry, WorktreeRecord, WorktreeStatus } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { renderFields, renderTable } from '../format/table.ts';
import { ago, tildify } from '../format/values.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveWorktree } from '../resolve/resolvers.ts';
import { withProgress } from '../ui/spinner.ts';
import { withJson } from './options.ts';
import { registerReviewCommands } from './worktree-review.ts';

/** `rdv worktree ...`: git worktrees rdv made for sessions (or any under the allowed roots). */
export function registerWorktreeCommand(program: Command, ctx: CliContext): void {
  const worktree = program
    .command('worktree')
    .alias('worktrees')
    .description('create, inspect, review, ship and remove git worktrees');
  const home = homedir();

  withJson(
    worktree
      .command('list')
      .alias('ls')
      .description("rdv's worktree records, or git's list for one repository"),
  )
    .option('--repo <path>', "list this repository's worktrees as git sees them")
    .action((opts: JsonOption & { repo?: string }) =>
      withApi(ctx, async (client) => {
        if (opts.repo) {
          const entries = await client.worktrees.list.query({
            repoPath: resolvePath(process.cwd(), opts.repo),
          });
          if (opts.json) return printJson(ctx, entries);
          return print(
            ctx,
            renderTable(
              [
                { header: 'path', value: (e: WorktreeEntry) => tildify(e.path, home) },
                { header: 'branch', value: (e) => e.branch ?? '(detached)' },
                { header: 'main', value: (e) => (e.main ? 'yes' : '') },
                { header: 'rdv id', value: (e) => e.worktreeId ?? '-' },
              ],
              entries,
            ),
          );
        }
        const records = await client.worktrees.records.query();
        if (opts.json) return printJson(ctx, records);
        if (records.length === 0)
          return print(ctx, 'no worktrees (rdv worktree create <branch> --repo <path>)');
        print(
          ctx,
          renderTable(
            [
              { header: 'id', value: (r: WorktreeRecord) => r.id },
              { header: 'branch', value: (r) => r.branch, maxWidth: 40 },
              { header: 'status', value: (r) => r.status },
              { header: 'created', value: (r) => ago(r.createdAt) },
              { header: 'path', value: (r) => tildify(r.path, home), maxWidth: 60 },
            ],
            records,
          ),
        );
      }),
    );

  withJson(
    worktree
      .command('create')
      .alias('new')
      .argument('<branch>', 'new branch (or an existing one to check out)')
      .description('create a worktree beside the repository'),
  )
    .option('--repo <path>', 'the repository (default: the current folder)', '.')
    .option('--base <ref>', 'start the new branch here (default: HEAD)')
    .option('--path <path>', 'where the worktree goes (default: <repo>-worktrees/<branch>)')
    .option('--no-setup', 'skip the configured setup command')
    .action(
      (
        branch: string,
        opts: JsonOption & { repo: string; base?: string; path?: string; setup?: boolean },
      ) =>
        withApi(ctx, async (client) => {
          const created = await withProgress(
            ctx,
            `Creating worktree ${branch}`,
            () =>
              client.worktrees.create.mutate({
                repoPath: resolvePath(process.cwd(), opts.repo),
                branch,
                ...(opts.base ? { baseBranch: opts.base } : {}),
                ...(opts.path ? { path: resolvePath(process.cwd(), opts.path) } : {}),
                ...(opts.setup === false ? { runSetup: false } : {}),
              }),
            (result) =>
              opts.json
                ? JSON.stringify(result, null, 2)
                : `created worktree ${result.branch} at ${result.path} (${result.id})`,
          );
          if (!opts.json && created.setup) {
            const { command, exitCode, timedOut } = created.setup;
            print(ctx, `setup: ${command} → ${timedOut ? 'timed out' : `exit ${exitCode ?? '?'}`}`);
          }
        }),
    );

  withJson(
    worktree
      .command('status')
      .argument('<worktree>', 'path, id or branch')
      .description('changes, unpushed commits, upstream'),
  ).action((ref: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const target = await resolveWorktree(client, ref, process.cwd());
      const status = await client.worktrees.status.query(target);
      if (opts.json) return printJson(ctx, status);
      print(ctx, renderFields(statusFields(status, home)));
    }),
  );

  withJson(
    worktree
      .command('remove')
      .alias('rm')
      .argument('<worktree>', 'path, id or branch')
      .description('remove a worktree (refused with uncommitted or unpushed work)'),
  )
    .option('--force', 'remove it even with uncommitted or unpushed work')
    .action((ref: string, opts: JsonOption & { force?: boolean }) =>
      withApi(ctx, async (client) => {
        const target = await resolveWorktree(client, ref, process.cwd());
        const result = await client.worktrees.remove.mutate({
          ...target,
          force: opts.force ?? false,
        });
        if (opts.json) return printJson(ctx, result);
        print(
          ctx,
          `removed worktree ${'path' in target ? target.path : target.id} (the branch is kept)`,
        );
      }),
    );

  registerReviewCommands(worktree, ctx);
}

function statusFields(status: WorktreeStatus, home: string): Array<[string, string]> {
  const list = (items: string[], count: number) =>
    count ? `${count}: ${items.join(', ')}${count > items.length ? ', ...' : ''}` : '0';
  return [
    ['path', tildify(status.path, home)],
    ['branch', status.branch ?? '(detached)'],
    [
      'upstream',
      status.upstream ? `${status.upstream} (ahead ${status.ahead}, behind ${status.behind})` : '-',
    ],
    ['clean', status.clean ? 'yes' : 'no'],
    ['staged', list(status.staged, status.counts.staged)],
    ['changed', list(status.changed, status.counts.changed)],
    ['untracked', list(status.untracked, status.counts.untracked)],
    ['conflicted', list(status.conflicted, status.counts.conflicted)],
    [
      'unpushed',
      status.unpushedCount
        ? `${status.unpushedCount}: ${status.unpushedCommits.map((c) => `${c.sha.slice(0, 8)} ${c.subject}`).join('; ')}`
        : '0',
    ],
  ];
}
