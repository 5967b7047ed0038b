import { homedir } from 'node:os';
import type { Folder, Session } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode, daemonDownError, isConnectionError } from '../errors.ts';
import { listTmuxSessions, type TmuxSessionInfo } from '../offline/tmux-direct.ts';
import { renderTable, type Column } from '../format/table.ts';
import { ago, tildify, uniquePrefixLength } from '../format/values.ts';
import { noteOffline } from '../offline/offline-sessions.ts';
import { qualifyId } from '../hosts/qualified-id.ts';
import { JsonArrayStream } from '../format/json-array-stream.ts';
import { print, printJson, withApi } from '../output.ts';
import { collect, sessionPages } from './session-pages.ts';
import { folderPath, resolveFolder } from '../resolve/resolvers.ts';

export const SESSION_STATUSES = ['active', 'suspended', 'exited', 'closed', 'trashed'] as const;
/** What `rdv session list` shows by default: what the dashboard's sidebar lists. */
export const DEFAULT_LIST_STATUSES: SessionStatus[] = ['active', 'suspended', 'exited'];
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface SessionListOptions {
  json?: boolean;
  all?: boolean;
  status?: string[];
  folder?: string;
  allHosts?: boolean;
}

/** `rdv session list`: live and exited sessions (or `--all`, `--status`), or tmux's view when the daemon is down. */
export async function listSessions(ctx: CliContext, opts: SessionListOptions): Promise<void> {
  if (opts.allHosts) {
    const { listAllHosts } = await import('./list-all-hosts.ts');
    return listAllHosts(ctx, opts);
  }
  const status = statusFilter(opts);
  try {
    await withApi(ctx, async (client) => {
      const folderId = opts.folder ? (await resolveFolder(client, opts.folder)).id : undefined;
      const pages = sessionPages(client, { status, ...(folderId ? { folderId } : {}) });
      // --json is the scripts' hot path: printed page by page as they arrive.
      if (opts.json) {
        const out = new JsonArrayStream(ctx.stdout);
        for await (const page of pages) out.push(page);
        return out.end();
      }
      // The table needs every row (for its widths) and the folders' names.
      const [sessions, folders] = await Promise.all([collect(pages), client.folders.list.query()]);
      if (sessions.length === 0)
        return print(
          ctx,
          opts.all
            ? 'no sessions'
            : 'no live or exited sessions (rdv session list --all shows closed ones)',
        );
      print(ctx, sessionTable(sessions, folders, Date.now(), ctx.endpoint.host));
    });
  } catch (error) {
    // Offline means this machine's tmux: never a host's stand-in.
    if (!isConnectionError(error) || ctx.endpoint.host) throw error;
    await listFallback(ctx, opts);
  }
}

export function statusFilter(opts: SessionListOptions): SessionStatus[] | undefined {
  if (opts.status?.length) {
    const wanted = opts.status
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    for (const s of wanted) {
      if (!(SESSION_STATUSES as readonly string[]).includes(s)) {
        throw new CliError(
          `unknown status "${s}" (one of ${SESSION_STATUSES.join(', ')})`,
          ExitCode.usage,
        );
      }
    }
    return wanted as SessionStatus[];
  }
  return opts.all ? undefined : DEFAULT_LIST_STATUSES;
}

/**
 * "active", "active (waiting)" for an agent that reported a status, "exited (3)" with its code,
 * "stopped, resumable" for an agent session whose tmux went away (Restart resumes it).
 */
export function statusLabel(
  session: Pick<Session, 'status' | 'agentStatus' | 'exitCode' | 'resumable'>,
): string {
  if (session.status === 'exited' && session.exitCode === null && session.resumable)
    return 'stopped, resumable';
  if (session.status === 'exited' && session.exitCode !== null)
    return `exited (${session.exitCode})`;
  return session.agentStatus && session.status === 'active'
    ? `active (${session.agentStatus})`
    : session.status;
}

/** `host`: the sessions are that host's (`--host`); ids are shown qualified, ready to paste. */
export function sessionTable(
  sessions: readonly Session[],
  folders: readonly Folder[],
  now = Date.now(),
  host: string | null = null,
): string {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const idLength = uniquePrefixLength(sessions.map((s) => s.id));
  const home = homedir();
  const columns: Array<Column<Session>> = [
    { header: 'id', value: (s) => qualifyId(host, s.id.slice(0, idLength)) },
    { header: 'name', value: (s) => s.name, maxWidth: 32 },
    { header: 'kind', value: (s) => s.kind },
    { header: 'status', value: statusLabel },
    {
      header: 'folder',
      value: (s) =>
        s.folderId && byId.has(s.folderId) ? folderPath(byId.get(s.folderId)!, byId) : '-',
      maxWidth: 32,
    },
    { header: 'activity', value: (s) => ago(s.lastActivityAt ?? s.createdAt, now) },
    // A host's cwd is a path there, not under this machine's home.
    { header: 'cwd', value: (s) => (host ? s.cwd : tildify(s.cwd, home)), maxWidth: 48 },
  ];
  return renderTable(columns, sessions);
}

/** The daemon is down: say so in one line, then list what tmux itself knows, marked as offline. */
async function listFallback(ctx: CliContext, opts: SessionListOptions): Promise<void> {
  let sessions: TmuxSessionInfo[];
  try {
    sessions = await listTmuxSessions(ctx.paths);
  } catch (error) {
    throw new CliError(
      `${daemonDownError(ctx.paths.apiSocket).message}; rdv's tmux server did not answer either: ${(error as Error).message}`,
      ExitCode.daemonDown,
    );
  }
  noteOffline(ctx, 'sessions listed');
  if (opts.json) return printJson(ctx, { offline: true, source: 'tmux', sessions });
  if (sessions.length === 0) return print(ctx, '[offline] no rdv tmux sessions');
  const home = homedir();
  const columns: Array<Column<TmuxSessionInfo>> = [
    { header: 'id', value: (s) => s.id },
    { header: 'tmux session', value: (s) => s.tmuxName },
    {
      header: 'state',
      value: (s) =>
        s.dead ? 'exited' : s.attachedClients > 0 ? `attached (${s.attachedClients})` : 'running',
    },
    { header: 'created', value: (s) => ago(s.createdAt) },
    { header: 'command', value: (s) => s.command, maxWidth: 20 },
    { header: 'cwd', value: (s) => tildify(s.cwd, home), maxWidth: 48 },
  ];
  print(
    ctx,
    `[offline: from tmux directly; names, folders and status need the daemon]\n${renderTable(columns, sessions)}`,
  );
}
