import { isAbsolute, resolve as resolvePath } from 'node:path';
import { AGENT_NAMES, isAgentName } from '@rdv/agents';
import type { RouterInputs } from '@rdv/api';
import type { Session } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderFields } from '../format/table.ts';
import { print, printJson, withApi } from '../output.ts';
import { resolveFolder } from '../resolve/resolvers.ts';
import { sessionFields } from './show.ts';

export interface SessionCreateOptions {
  name?: string;
  kind?: string;
  agent?: string;
  command?: string;
  cwd?: string;
  folder?: string;
  env?: string[];
  cols?: number;
  rows?: number;
  worktree?: string;
  repo?: string;
  base?: string;
  worktreePath?: string;
  setup?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export type SessionCreateInput = RouterInputs['sessions']['create'];

/** `K=V` pairs into an object; a malformed pair is a usage error. */
export function parseEnvPairs(pairs: readonly string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--env expects NAME=value, got "${pair}"`, ExitCode.usage);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/**
 * The create input from flags. The working directory is the current one unless `--cwd` says
 * otherwise or `--folder` is given (then the folder's preferences decide, like in the web app).
 * `cwd` null: the session is on another host, where this shell's folder means nothing; paths
 * must then be absolute (on that host) and the host's rdv picks the default folder.
 */
export function createInputFromOptions(
  opts: SessionCreateOptions,
  cwd: string | null,
  size: { cols?: number; rows?: number },
): Omit<SessionCreateInput, 'folderId'> {
  const at = (path: string, flag: string): string => {
    if (cwd !== null) return resolvePath(cwd, path);
    if (!isAbsolute(path))
      throw new CliError(`on another host, ${flag} must be an absolute path there`, ExitCode.usage);
    return path;
  };
  if (opts.agent !== undefined && !isAgentName(opts.agent))
    throw new CliError(`--agent is one of ${AGENT_NAMES.join(', ')}, not "${opts.agent}"`, ExitCode.usage);
  const kind = opts.kind ?? (opts.command || opts.agent ? 'agent' : 'shell');
  if (kind !== 'shell' && kind !== 'agent')
    throw new CliError(`--kind is shell or agent, not "${kind}"`, ExitCode.usage);
  if (opts.agent && kind !== 'agent') throw new CliError('--agent makes an agent session; drop --kind shell', ExitCode.usage);
  if (opts.worktree === undefined && (opts.repo || opts.base || opts.worktreePath)) {
    throw new CliError(
      '--repo, --base and --worktree-path need --worktree <branch>',
      ExitCode.usage,
    );
  }
  const env = parseEnvPairs(opts.env);
  const cols = opts.cols ?? size.cols;
  const rows = opts.rows ?? size.rows;
  return {
    kind,
    ...(opts.agent && isAgentName(opts.agent) ? { agent: opts.agent } : {}),
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.command ? { command: opts.command } : {}),
    ...(opts.cwd
      ? { cwd: at(opts.cwd, '--cwd') }
      : opts.folder || opts.worktree || cwd === null
        ? {}
        : { cwd }),
    ...(Object.keys(env).length ? { env } : {}),
    ...(cols && rows ? { cols, rows } : {}),
    ...(opts.worktree
      ? {
          worktree: {
            repoPath: at(opts.repo ?? '.', '--repo'),
            branch: opts.worktree,
            ...(opts.base ? { baseBranch: opts.base } : {}),
            ...(opts.worktreePath ? { path: at(opts.worktreePath, '--worktree-path') } : {}),
            ...(opts.setup === false ? { runSetup: false } : {}),
          },
        }
      : {}),
  };
}

/** `rdv session create`: prints the new session (or only its id with -q). */
export async function createSession(ctx: CliContext, opts: SessionCreateOptions): Promise<Session> {
  const size = ctx.stdout.isTTY ? { cols: ctx.stdout.columns, rows: ctx.stdout.rows } : {};
  // This shell's folder is this machine's: a host's session starts where its rdv says.
  const input = createInputFromOptions(opts, ctx.endpoint.host ? null : process.cwd(), size);
  const session = await withApi(ctx, async (client) => {
    const folderId = opts.folder ? (await resolveFolder(client, opts.folder)).id : undefined;
    return client.sessions.create.mutate({ ...input, ...(folderId ? { folderId } : {}) });
  });
  if (opts.json) printJson(ctx, session);
  else if (opts.quiet) print(ctx, session.id);
  else
    print(
      ctx,
      `created session ${session.name} (${session.id})\n${renderFields(sessionFields(session))}`,
    );
  return session;
}
