// Which machine the menu works on, when the home has hosts (`rdv host add`): this one, or a
// connected host's rdv through the home daemon's tunnel (as `rdv --host NAME` does). Every
// entry of the menu (attach, create, folders, worktrees, orchestrators, tokens) then talks to
// that machine; `Server status` stays about this machine's daemon.
import type { HostSummary } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode, isConnectionError } from '../errors.ts';
import { hostEndpoint } from '../hosts/endpoint.ts';
import { homeHosts } from '../hosts/select-host.ts';
import type { Prompter } from './prompter.ts';

/** The choice for this machine: not a valid host name, so it never clashes with one. */
const THIS_MACHINE = ':local';

/** Why a host cannot be worked on now, or null when it is connected. */
function notConnected(host: HostSummary): string | null {
  if (host.state === 'connected') return null;
  const why = host.reason ? `: ${host.reason}` : '';
  return `host ${host.name} is ${host.state.replace('_', ' ')}${why} (rdv host test ${host.name})`;
}

/** The home daemon's hosts, or none when it cannot say (an older daemon, or no answer). */
async function listHosts(ctx: CliContext): Promise<HostSummary[]> {
  try {
    return await homeHosts(ctx);
  } catch (error) {
    if (isConnectionError(error)) return [];
    const code = (error as { data?: { code?: string } }).data?.code;
    if (code === 'NOT_FOUND') return []; // a daemon without the fleet
    throw error;
  }
}

/**
 * Asks which machine when hosts are registered (none: this machine, nothing asked); a host that
 * is not connected is refused with its state and asked again. Points `ctx` at the choice.
 */
export async function chooseMachine(ctx: CliContext, p: Prompter): Promise<void> {
  const hosts = await listHosts(ctx);
  if (hosts.length === 0) return;
  for (;;) {
    const picked = await p.select('Which machine?', [
      { value: THIS_MACHINE, label: 'This machine' },
      ...hosts.map((host) => ({
        value: host.name,
        label: host.name,
        hint: `${host.destination} · ${host.state.replace('_', ' ')}`,
      })),
    ]);
    if (picked === THIS_MACHINE) return;
    const host = hosts.find((candidate) => candidate.name === picked)!;
    const refusal = notConnected(host);
    if (refusal) {
      p.error(refusal);
      continue;
    }
    useHost(ctx, p, host.name);
    return;
  }
}

/** `rdv --host NAME` with no command: the menu on that host, which must be connected. */
export async function menuOnHost(ctx: CliContext, p: Prompter, name: string): Promise<void> {
  const host = (await homeHosts(ctx)).find((candidate) => candidate.name === name);
  if (!host) throw new CliError(`no host ${name} (rdv host list)`, ExitCode.notFound);
  const refusal = notConnected(host);
  if (refusal) throw new CliError(refusal, ExitCode.daemonDown);
  useHost(ctx, p, name);
}

function useHost(ctx: CliContext, p: Prompter, name: string): void {
  ctx.endpoint = hostEndpoint(ctx.paths, name);
  p.info(`On ${name}: its sessions, folders and worktrees, through this machine's daemon`);
}
