import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode, isConnectionError } from '../errors.ts';
import {
  noteOffline,
  offlineExec,
  offlineScrollback,
  resolveOfflineSession,
} from '../offline/offline-sessions.ts';
import { renderFields } from '../format/table.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { folderPath, resolveFolder, resolveSession } from '../resolve/resolvers.ts';
import { answerPrompt, type AnswerOptions } from '../session/answer.ts';
import { downloadAction, uploadAction, type DownloadOptions, type UploadOptions } from '../session/files.ts';
import { createSession, type SessionCreateOptions } from '../session/create.ts';
import { listSessions, type SessionListOptions } from '../session/list.ts';
import { sessionFields } from '../session/show.ts';
import { attachAction, registerAttachOptions, type AttachOptions } from './attach.ts';
import { collect, positiveInt, withJson } from './options.ts';
import { registerOrphansCommand } from './orphans.ts';
import { warnWithoutHooks } from './hooks.ts';

/** `rdv session ...`: everything `sessions.*` offers, plus attach. */
export function registerSessionCommand(program: Command, ctx: CliContext): void {
  const session = program
    .command('session')
    .alias('sessions')
    .description('list, create and drive terminal sessions');

  withJson(
    session
      .command('list')
      .alias('ls')
      .description('list live and exited sessions (falls back to tmux when the daemon is down)'),
  )
    .option('-a, --all', 'include closed and trashed sessions')
    .option(
      '--status <status...>',
      'only these statuses (active, suspended, exited, closed, trashed)',
    )
    .option('--folder <folder>', 'only sessions in this folder (id, name or path)')
    .option('--all-hosts', "this machine's sessions, then every registered host's (HOST column)")
    .action((opts: SessionListOptions) => listSessions(ctx, opts));

  withJson(
    session
      .command('create')
      .alias('new')
      .description('create a session (a shell, or an agent with --agent or --command)'),
  )
    .option('-n, --name <name>', 'session name (default: the folder or branch name)')
    .option('-k, --kind <kind>', 'shell or agent (default: agent when --command or --agent is given)')
    .option(
      '-a, --agent <agent>',
      'an agent preset: claude, codex, gemini or opencode (its command, hooks check, resume on restart)',
    )
    .option('-c, --command <command>', "the agent's command line, typed once the shell is ready")
    .option(
      '--cwd <dir>',
      'working directory (default: the current one, or the folder preference with --folder)',
    )
    .option('-f, --folder <folder>', 'put it in this folder (id, name or path)')
    .option('-e, --env <NAME=value>', 'environment variable (repeatable)', collect)
    .option('--cols <n>', 'columns (default: this terminal)', positiveInt)
    .option('--rows <n>', 'rows (default: this terminal)', positiveInt)
    .option('-w, --worktree <branch>', 'start it in a new git worktree on this branch')
    .option('--repo <path>', 'repository for --worktree (default: the current folder)')
    .option('--base <ref>', 'branch the new worktree starts from (default: HEAD)')
    .option('--worktree-path <path>', 'where the worktree goes (default: beside the repository)')
    .option('--no-setup', "skip the worktree's configured setup command")
    .option('-q, --quiet', 'print only the new id')
    .option('--attach', 'attach to it right away')
    .action(async (opts: SessionCreateOptions & { attach?: boolean }) => {
      if (opts.agent) await warnWithoutHooks(ctx, opts.agent);
      const created = await createSession(ctx, opts);
      if (opts.attach) await attachAction(ctx, created.id, {});
    });

  withJson(
    session
      .command('get')
      .alias('show')
      .argument('<session>', 'id, unique id prefix or name')
      .description('show one session'),
  ).action((ref: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const [found, folders] = await Promise.all([
        resolveSession(client, ref),
        client.folders.list.query(),
      ]);
      if (opts.json) return printJson(ctx, found);
      const byId = new Map(folders.map((folder) => [folder.id, folder]));
      const folder = found.folderId ? byId.get(found.folderId) : undefined;
      print(ctx, renderFields(sessionFields(found, folder ? folderPath(folder, byId) : undefined)));
    }),
  );

  withJson(
    session
      .command('rename')
      .argument('<session>')
      .argument('<name>', 'the new name')
      .description('rename a session'),
  ).action((ref: string, name: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const found = await resolveSession(client, ref);
      const updated = await client.sessions.update.mutate({ id: found.id, name });
      report(ctx, opts, updated, `renamed ${found.id} to ${updated.name}`);
    }),
  );

  withJson(
    session
      .command('move')
      .argument('<session>')
      .argument('[folder]', 'target folder (id, name or path)')
      .description('move a session into a folder'),
  )
    .option('--root', 'take it out of any folder')
    .action((ref: string, folderRef: string | undefined, opts: JsonOption & { root?: boolean }) =>
      withApi(ctx, async (client) => {
        if (!folderRef === !opts.root)
          throw new CliError('give a folder or --root (not both)', ExitCode.usage);
        const found = await resolveSession(client, ref);
        const folder = folderRef ? await resolveFolder(client, folderRef) : null;
        const updated = await client.sessions.update.mutate({
          id: found.id,
          folderId: folder?.id ?? null,
        });
        report(
          ctx,
          opts,
          updated,
          folder
            ? `moved ${found.name} into ${folder.name}`
            : `moved ${found.name} out of its folder`,
        );
      }),
    );

  withJson(
    session
      .command('close')
      .alias('kill')
      .argument('<session...>', 'one or more sessions')
      .description('close sessions (ends their processes)'),
  )
    .option('--trash-worktree', "also move each session's worktree to the trash")
    .action((refs: string[], opts: JsonOption & { trashWorktree?: boolean }) =>
      withApi(ctx, async (client) => {
        const closed = [];
        for (const ref of refs) {
          const found = await resolveSession(client, ref);
          closed.push(
            await client.sessions.close.mutate({
              id: found.id,
              trashWorktree: opts.trashWorktree ?? false,
            }),
          );
        }
        if (opts.json) return printJson(ctx, closed);
        for (const s of closed)
          print(
            ctx,
            `closed ${s.name} (${s.id})${s.status === 'trashed' ? '; worktree in the trash' : ''}`,
          );
      }),
    );

  withJson(
    session
      .command('restart')
      .argument('<session>')
      .description(
        "run an exited or closed session again (same command, cwd, env, folder); an agent session resumes its conversation (claude --resume <id>, codex resume <id>, ...)",
      ),
  )
    .option('--fresh', "start the agent's command afresh instead of resuming its conversation")
    .action((ref: string, opts: JsonOption & { fresh?: boolean }) =>
      withApi(ctx, async (client) => {
        const found = await resolveSession(client, ref);
        const resuming = found.resumable && !opts.fresh;
        const updated = await client.sessions.restart.mutate({ id: found.id, fresh: opts.fresh === true });
        report(ctx, opts, updated, `${resuming ? 'resumed' : 'restarted'} ${updated.name} (${updated.id})`);
      }),
    );

  registerOrphansCommand(session, ctx);

  for (const [name, verb, describe] of [
    ['suspend', 'suspended', 'detach every client; the process keeps running'],
    ['resume', 'resumed', 'make a suspended session active again'],
  ] as const) {
    withJson(session.command(name).argument('<session>').description(describe)).action(
      (ref: string, opts: JsonOption) =>
        withApi(ctx, async (client) => {
          const found = await resolveSession(client, ref);
          const updated = await client.sessions[name].mutate({ id: found.id });
          report(ctx, opts, updated, `${verb} ${updated.name} (${updated.id})`);
        }),
    );
  }

  withJson(
    session
      .command('exec')
      .argument('<session>')
      .argument('[text...]', 'text to type; Enter is pressed after it')
      .description('type a command into a session'),
  )
    .option('--stdin', 'read the text from standard input')
    .action(async (ref: string, words: string[], opts: JsonOption & { stdin?: boolean }) => {
      const text = opts.stdin ? readFileSync(0, 'utf8').replace(/\n$/, '') : words.join(' ');
      if (!text) throw new CliError('nothing to type: give the text or --stdin', ExitCode.usage);
      await onlineOrOffline(
        ctx,
        () =>
          withApi(ctx, async (client) => {
            const found = await resolveSession(client, ref);
            const result = await client.sessions.exec
              .mutate({ id: found.id, text })
              .catch((error: unknown) => {
                // The daemon answered a moment ago and may have typed already: never type twice.
                if (!isConnectionError(error)) throw error;
                throw new CliError(
                  `the daemon went away during exec; not retried offline, as it may have typed the text already`,
                );
              });
            if (opts.json) printJson(ctx, result);
          }),
        async () => {
          const found = await resolveOfflineSession(ctx, ref);
          await offlineExec(ctx, found, text);
          noteOffline(ctx, `typed into ${found.tmuxName}`);
          if (opts.json) printJson(ctx, { ok: true, offline: true });
        },
      );
    });

  withJson(
    session
      .command('answer')
      .argument('<session>')
      .description(
        "answer the prompt a session shows (an agent's permission menu or a question) without attaching; without a decision, show it",
      ),
  )
    .option('--approve', "choose the prompt's yes / allow option")
    .option('--deny', "choose the prompt's no option")
    .option('--reply <text>', 'type a one-line reply and press Enter')
    .option('--prompt <id>', 'answer only this prompt (refused if the screen shows another)')
    .action((ref: string, opts: AnswerOptions) => answerPrompt(ctx, ref, opts));

  withJson(
    session
      .command('scrollback')
      .alias('output')
      .argument('<session>')
      .description("print a session's recent output"),
  )
    .option('-n, --lines <n>', 'how many lines (default 1000)', positiveInt)
    .option('--colors', 'keep colour escape sequences')
    .action((ref: string, opts: JsonOption & { lines?: number; colors?: boolean }) =>
      onlineOrOffline(
        ctx,
        () =>
          withApi(ctx, async (client) => {
            const found = await resolveSession(client, ref);
            const result = await client.sessions.scrollback.query({
              id: found.id,
              colors: opts.colors ?? false,
              ...(opts.lines ? { lines: opts.lines } : {}),
            });
            if (opts.json) return printJson(ctx, result);
            if (result.text) print(ctx, result.text);
          }),
        async () => {
          const found = await resolveOfflineSession(ctx, ref);
          const text = await offlineScrollback(
            ctx,
            found,
            opts.lines ?? DEFAULT_SCROLLBACK_LINES,
            opts.colors ?? false,
          );
          noteOffline(ctx, `scrollback of ${found.tmuxName}`);
          if (opts.json) return printJson(ctx, { text, offline: true });
          if (text) print(ctx, text);
        },
      ),
    );

  withJson(
    session
      .command('upload')
      .argument('<session>')
      .argument('<file>', 'the file to send')
      .description(
        "copy a file into the session's uploads folder (as a drop onto its terminal does) and print its path there",
      ),
  )
    .option('--name <name>', "store it under this name (default: the file's own)")
    .action((ref: string, file: string, opts: UploadOptions) => uploadAction(ctx, ref, file, opts));

  withJson(
    session
      .command('download')
      .argument('<session>')
      .argument('<path>', "a file's path relative to the session's working directory")
      .description("copy a file out of the session's working directory"),
  )
    .option('-o, --output <file>', 'where to write it (a folder keeps its name; - for stdout)')
    .option('--force', 'replace an existing file')
    .action((ref: string, path: string, opts: DownloadOptions) => downloadAction(ctx, ref, path, opts));

  registerAttachOptions(
    session
      .command('attach')
      .alias('a')
      .argument('<session>', 'id, unique id prefix or name')
      .description('attach this terminal to a session live'),
  ).action((ref: string, opts: AttachOptions) => attachAction(ctx, ref, opts));
}

/** What `sessions.scrollback` returns by default. */
const DEFAULT_SCROLLBACK_LINES = 1_000;

/** Runs `online`; when the daemon does not answer, `offline` (straight on rdv's tmux server). */
async function onlineOrOffline(
  ctx: CliContext,
  online: () => Promise<void>,
  offline: () => Promise<void>,
): Promise<void> {
  try {
    await online();
  } catch (error) {
    // Offline means this machine's tmux: never a host's stand-in.
    if (!isConnectionError(error) || ctx.endpoint.host) throw error;
    await offline();
  }
}

function report(ctx: CliContext, opts: JsonOption, value: unknown, human: string): void {
  if (opts.json) printJson(ctx, value);
  else print(ctx, human);
}
