// `rdv session list --all-hosts`: this machine's sessions first, then each registered host's,
// asked through the home daemon's tunnels at once. A host that is not connected (or does not
// answer in time) is listed with its state and reason; it never fails the command.
import { homedir } from 'node:os';
import type { HostSummary, Session } from '../api/types.ts';
import { apiClient, type CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderTable, type Column } from '../format/table.ts';
import { ago, tildify, uniquePrefixLength } from '../format/values.ts';
import { hostEndpoint, type Endpoint } from '../hosts/endpoint.ts';
import { qualifyId } from '../hosts/qualified-id.ts';
import { print, printJson } from '../output.ts';
import { statusFilter, statusLabel, type SessionListOptions } from './list.ts';

/** How long one host may take to list its sessions before it counts as not answering. */
const HOST_TIMEOUT_MS = 10_000;

/** One machine's part of the listing (`host` null: this machine). */
export interface HostSessions {
  host: string | null;
  /** `connected`, or the host's state (`unreachable`, `connecting`, ...) when it could not be listed. */
  state: string;
  reason: string | null;
  sessions: Session[];
}

export async function listAllHosts(ctx: CliContext, opts: SessionListOptions): Promise<void> {
  if (ctx.endpoint.host)
    throw new CliError('--all-hosts lists every host already; drop --host', ExitCode.usage);
  if (opts.folder)
    throw new CliError(
      "--folder is one machine's folder; it does not go with --all-hosts",
      ExitCode.usage,
    );
  const status = statusFilter(opts);
  const home = ctx.api();
  let hosts: HostSummary[];
  let local: Session[];
  try {
    [hosts, local] = await Promise.all([
      home.client.hosts.list.query(),
      home.client.sessions.list.query({ status }),
    ]);
  } finally {
    await home.close();
  }
  const remote = await Promise.all(
    hosts.map((host) => hostSessions(host, hostEndpoint(ctx.paths, host.name), status)),
  );
  const listing: HostSessions[] = [
    { host: null, state: 'connected', reason: null, sessions: local },
    ...remote,
  ];
  if (opts.json) return printJson(ctx, listing);
  print(ctx, allHostsTable(listing));
}

async function hostSessions(
  host: HostSummary,
  endpoint: Endpoint,
  status: ReturnType<typeof statusFilter>,
): Promise<HostSessions> {
  const down = (state: string, reason: string | null): HostSessions => ({
    host: host.name,
    state,
    reason,
    sessions: [],
  });
  if (host.state !== 'connected') return down(host.state, host.reason);
  const { client, close } = apiClient(endpoint);
  try {
    const sessions = await client.sessions.list.query(
      { status },
      { signal: AbortSignal.timeout(HOST_TIMEOUT_MS) },
    );
    return { host: host.name, state: 'connected', reason: null, sessions };
  } catch (error) {
    return down('unreachable', `no answer through the tunnel: ${(error as Error).message}`);
  } finally {
    await close();
  }
}

interface Row {
  host: string;
  id: string;
  name: string;
  kind: string;
  status: string;
  activity: string;
  cwd: string;
}

/** One table: a row per session (remote ids host-qualified), a row per host that could not be listed. */
export function allHostsTable(listing: readonly HostSessions[], now = Date.now()): string {
  const home = homedir();
  const rows: Row[] = listing.flatMap((part): Row[] => {
    const label = part.host ?? 'local';
    if (part.state !== 'connected') {
      const why = part.reason ? `: ${part.reason}` : '';
      const state = `${part.state.replace('_', ' ')}${why}`;
      return [
        { host: label, id: '-', name: '-', kind: '-', status: state, activity: '-', cwd: '-' },
      ];
    }
    const idLength = uniquePrefixLength(part.sessions.map((s) => s.id));
    return part.sessions.map((s) => ({
      host: label,
      id: qualifyId(part.host, s.id.slice(0, idLength)),
      name: s.name,
      kind: s.kind,
      status: statusLabel(s),
      activity: ago(s.lastActivityAt ?? s.createdAt, now),
      // A remote cwd is a path there: shown as it is, not against this machine's home.
      cwd: part.host ? s.cwd : tildify(s.cwd, home),
    }));
  });
  const columns: Array<Column<Row>> = [
    { header: 'host', value: (r) => r.host },
    { header: 'id', value: (r) => r.id },
    { header: 'name', value: (r) => r.name, maxWidth: 32 },
    { header: 'kind', value: (r) => r.kind },
    { header: 'status', value: (r) => r.status, maxWidth: 80 },
    { header: 'activity', value: (r) => r.activity },
    { header: 'cwd', value: (r) => r.cwd, maxWidth: 48 },
  ];
  return renderTable(columns, rows);
}
