// Points a command at a host's rdv before it runs: `rdv --host gpu <command>`, or a
// host-qualified `<session>` argument (`gpu:3f2a`). The home daemon says whether the host is
// connected; a host that is not fails here with its state, before the command does anything.
import type { Command } from 'commander';
import type { HostSummary } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode, daemonDownError, isConnectionError } from '../errors.ts';
import { hostEndpoint } from './endpoint.ts';
import { parseQualifiedRef } from './qualified-id.ts';

/** Command groups about this machine itself: `--host` makes no sense there. */
const LOCAL_ONLY = new Set(['host', 'server', 'doctor', 'hook', 'hooks', 'mcp']);

/** The argument names that hold session refs, so the only ones read as `host:id`. */
const SESSION_ARGUMENTS = new Set(['session']);

export async function selectHost(
  ctx: CliContext,
  hostOption: string | undefined,
  command: Command,
): Promise<void> {
  const candidates = sessionArguments(command);
  if (!hostOption && candidates.length === 0) return;

  let hosts: HostSummary[];
  try {
    hosts = await homeHosts(ctx);
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    // Without this machine's daemon no host is reachable; a `x:y` ref is then a plain one,
    // and the command goes on as usual (its offline fallback, or the daemon-down message).
    if (!hostOption) return;
    throw new CliError(
      `${daemonDownError(ctx.endpoint.apiSocket).message}; --host reaches a host through it`,
      ExitCode.daemonDown,
    );
  }
  const known = new Set(hosts.map((host) => host.name));
  const named = candidates.flatMap((argument) => qualifiedBy(argument, known));
  const wanted = new Set([...(hostOption ? [hostOption] : []), ...named.map((arg) => arg.host)]);
  if (wanted.size === 0) return;
  if (wanted.size > 1)
    throw new CliError(
      `one command talks to one host; got ${[...wanted].join(' and ')}`,
      ExitCode.usage,
    );
  const [name] = [...wanted] as [string];
  const group = topLevelName(command);
  if (LOCAL_ONLY.has(group))
    throw new CliError(
      `\`rdv ${group}\` is about this machine; --host does not apply`,
      ExitCode.usage,
    );

  const host = hosts.find((candidate) => candidate.name === name);
  if (!host) throw new CliError(`no host ${name} (rdv host list)`, ExitCode.notFound);
  if (host.state !== 'connected') {
    const why = host.reason ? `: ${host.reason}` : '';
    throw new CliError(
      `host ${name} is ${host.state.replace('_', ' ')}${why} (rdv host test ${name})`,
      ExitCode.daemonDown,
    );
  }
  // The command sees the bare ids; the tunnel is its endpoint from here on.
  for (const arg of named) command.processedArgs[arg.index] = arg.values;
  ctx.endpoint = hostEndpoint(ctx.paths, name);
}

/** The home daemon's hosts (`hosts.list`): names, states, why not connected. */
export async function homeHosts(ctx: CliContext): Promise<HostSummary[]> {
  const { client, close } = ctx.api();
  try {
    return await client.hosts.list.query();
  } finally {
    await close();
  }
}

interface SessionArgument {
  index: number;
  values: string[];
  variadic: boolean;
}

interface QualifiedArgument {
  index: number;
  host: string;
  /** The argument's value with the host taken off (a list for `<session...>`). */
  values: string | string[];
}

/** The values of the command's `<session>` arguments that could be `host:id`. */
function sessionArguments(command: Command): SessionArgument[] {
  const found: SessionArgument[] = [];
  command.registeredArguments.forEach((argument, index) => {
    if (!SESSION_ARGUMENTS.has(argument.name())) return;
    const value = command.processedArgs[index] as string | string[] | undefined;
    if (value === undefined) return;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => parseQualifiedRef(v).host))
      found.push({ index, values, variadic: Array.isArray(value) });
  });
  return found;
}

/** `argument` with its host taken off, if it names one of `known` (a variadic one: all, the same). */
function qualifiedBy(argument: SessionArgument, known: ReadonlySet<string>): QualifiedArgument[] {
  const parsed = argument.values.map((value) => {
    const ref = parseQualifiedRef(value);
    // A prefix that names no host is part of a session's name.
    return ref.host && known.has(ref.host) ? ref : { host: null, ref: value };
  });
  const hosts = new Set(parsed.map((ref) => ref.host));
  const [host] = [...hosts];
  if (hosts.size > 1)
    throw new CliError('the sessions of one command must all be on the same host', ExitCode.usage);
  if (!host) return [];
  const refs = parsed.map((ref) => ref.ref);
  return [{ index: argument.index, host, values: argument.variadic ? refs : (refs[0] as string) }];
}

function topLevelName(command: Command): string {
  let current = command;
  while (current.parent?.parent) current = current.parent;
  return current.name();
}
