// `rdv worktree diff|stage|unstage|commit|push|pr`: review a worktree's changes and ship them.
// Each acts on the worktree named (path, id or branch) or, by default, on the one the current
// folder is in; paths are taken relative to the current folder when it is inside that worktree.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { diffColors, diffHeading, renderPatch, renderStat } from '../format/diff-render.ts';
import { note, print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveWorktree, type WorktreeTarget } from '../resolve/resolvers.ts';
import { withProgress } from '../ui/spinner.ts';
import { positiveIntOrZero, withJson } from './options.ts';

type Client = Parameters<Parameters<typeof withApi>[1]>[0];

/** The top folder of the git worktree `dir` is in (the nearest folder holding `.git`), or null. */
export function worktreeRootOf(dir: string): string | null {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return null;
  }
}

interface Located {
  target: WorktreeTarget;
  /** The worktree's top folder when known here (a path target), to make paths relative to it. */
  root: string | null;
}

async function locate(client: Client, ref: string | undefined, cwd: string): Promise<Located> {
  if (ref !== undefined) {
    const target = await resolveWorktree(client, ref, cwd);
    if (!('path' in target)) return { target, root: null };
    // A folder inside a worktree names that worktree.
    const root = worktreeRootOf(target.path) ?? target.path;
    return { target: { path: root }, root };
  }
  const root = worktreeRootOf(realpathSync(cwd));
  if (root === null) {
    throw new CliError('the current folder is not in a git worktree; name one (a path, id or branch)', ExitCode.usage);
  }
  return { target: { path: root }, root };
}

/**
 * A path as the API takes it (relative to the worktree's top folder): relative to the current
 * folder when that is inside the worktree (`rdv worktree stage src/a.ts` from anywhere in it),
 * as given otherwise.
 */
export function repoRelative(path: string, root: string | null, cwd: string): string {
  if (root === null) return path;
  const here = realpathSync(cwd);
  const inside = here === root || here.startsWith(`${root}${sep}`);
  if (!inside && !isAbsolute(path)) return path;
  const full = resolvePath(here, path);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new CliError(`${path} is not inside the worktree ${root}`, ExitCode.usage);
  }
  return rel.split(sep).join('/');
}

/** Colours on a terminal that wants them (git's rule: a TTY, no NO_COLOR, not TERM=dumb). */
function colourful(ctx: CliContext): boolean {
  return Boolean(ctx.stdout.isTTY) && !ctx.env.NO_COLOR && ctx.env.TERM !== 'dumb';
}

export function registerReviewCommands(worktree: Command, ctx: CliContext): void {
  withJson(
    worktree
      .command('diff')
      .argument('[worktree]', 'path, id or branch (default: the worktree you are in)')
      .description("the worktree's changes: against its base branch (default) or uncommitted only"),
  )
    .option('--base', 'everything since the merge-base with the base branch: commits, staged, unstaged, untracked (default)')
    .option('--head', 'only what is not committed yet (staged, unstaged, untracked)')
    .option('--stat', 'a line per file with its counts, and the totals (no patch)')
    .option('--file <path>', 'only this file')
    .option('-U, --unified <lines>', 'lines of context around each change', positiveIntOrZero)
    .action(
      (
        ref: string | undefined,
        opts: JsonOption & { base?: boolean; head?: boolean; stat?: boolean; file?: string; unified?: number },
      ) =>
        withApi(ctx, async (client) => {
          if (opts.base && opts.head) throw new CliError('give --base or --head, not both', ExitCode.usage);
          const { target, root } = await locate(client, ref, process.cwd());
          const diff = await client.worktrees.diff.query({
            ...target,
            against: opts.head ? 'head' : 'base',
            stat: opts.stat ?? false,
            ...(opts.file !== undefined ? { file: repoRelative(opts.file, root, process.cwd()) } : {}),
            ...(opts.unified !== undefined ? { contextLines: opts.unified } : {}),
          });
          if (opts.json) return printJson(ctx, diff);
          for (const line of diffHeading(diff)) note(ctx, line);
          if (diff.files.length === 0) return note(ctx, 'no changes');
          const colours = diffColors(colourful(ctx));
          print(ctx, opts.stat ? renderStat(diff, colours) : renderPatch(diff, colours));
        }),
    );

  for (const [name, verb, description] of [
    ['stage', 'staged', 'stage files (new, changed or deleted) for the next commit'],
    ['unstage', 'unstaged', 'take files out of the next commit (their changes stay)'],
  ] as const) {
    withJson(worktree.command(name).argument('<paths...>', 'files, relative to the current folder').description(description))
      .option('-w, --worktree <worktree>', 'path, id or branch (default: the worktree you are in)')
      .action((paths: string[], opts: JsonOption & { worktree?: string }) =>
        withApi(ctx, async (client) => {
          const { target, root } = await locate(client, opts.worktree, process.cwd());
          const input = { ...target, paths: paths.map((p) => repoRelative(p, root, process.cwd())) };
          const result = await (name === 'stage' ? client.worktrees.stage.mutate(input) : client.worktrees.unstage.mutate(input));
          if (opts.json) return printJson(ctx, result);
          print(ctx, `${verb} ${input.paths.join(', ')}; ${result.staged.length} file(s) staged in ${result.path}`);
        }),
      );
  }

  withJson(
    worktree
      .command('commit')
      .argument('[worktree]', 'path, id or branch (default: the worktree you are in)')
      .description('commit what is staged (author from git config)'),
  )
    .requiredOption('-m, --message <message>', 'the commit message')
    .action((ref: string | undefined, opts: JsonOption & { message: string }) =>
      withApi(ctx, async (client) => {
        const { target } = await locate(client, ref, process.cwd());
        const result = await client.worktrees.commit.mutate({ ...target, message: opts.message });
        if (opts.json) return printJson(ctx, result);
        print(ctx, `[${result.branch} ${result.commit.slice(0, 8)}] ${result.subject} (${result.files} file(s))`);
      }),
    );

  withJson(
    worktree
      .command('push')
      .argument('[worktree]', 'path, id or branch (default: the worktree you are in)')
      .description('push the branch to its upstream, or to origin (setting the upstream)'),
  ).action((ref: string | undefined, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const { target } = await locate(client, ref, process.cwd());
      await withProgress(
        ctx,
        'Pushing',
        () => client.worktrees.push.mutate(target),
        (pushed) =>
          opts.json
            ? JSON.stringify(pushed, null, 2)
            : `${pushed.result === 'up-to-date' ? 'already up to date' : `pushed ${pushed.commit.slice(0, 8)}`}: ${pushed.branch} → ${pushed.remote}/${pushed.remoteBranch}${pushed.upstreamSet ? ' (upstream set)' : ''}`,
      );
    }),
  );

  withJson(
    worktree
      .command('pr')
      .argument('[worktree]', 'path, id or branch (default: the worktree you are in)')
      .description('open a pull request with gh (or print the compare URL to open one by hand)'),
  )
    .option('--title <title>', "the title (default: the last commit's subject)")
    .option('--body <body>', 'the description')
    .action((ref: string | undefined, opts: JsonOption & { title?: string; body?: string }) =>
      withApi(ctx, async (client) => {
        const { target } = await locate(client, ref, process.cwd());
        const result = await client.worktrees.pullRequest.mutate({
          ...target,
          ...(opts.title !== undefined ? { title: opts.title } : {}),
          ...(opts.body !== undefined ? { body: opts.body } : {}),
        });
        if (opts.json) return printJson(ctx, result);
        if (result.created) return print(ctx, `opened ${result.url ?? 'a pull request'}`);
        note(ctx, `no pull request opened: ${result.reason ?? 'unknown reason'}`);
        if (result.url) print(ctx, result.url);
        else if (result.compareUrl) print(ctx, `open one here: ${result.compareUrl}`);
        ctx.exitCode = ExitCode.error;
      }),
    );
}
