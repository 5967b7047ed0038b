import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { TRPCClient } from '@trpc/client';
import { folderPathOf } from '@rdv/contract';
import type { AppRouter } from '@rdv/api';
import {
  isLive,
  type Folder,
  type Session,
  type Token,
  type WorktreeRecord,
} from '../api/types.ts';
import { resolveRef } from './resolve-ref.ts';

type Client = TRPCClient<AppRouter>;

/** A session by full id, name or id prefix; live sessions win ties over closed ones. */
export async function resolveSession(client: Client, ref: string): Promise<Session> {
  const sessions = await client.sessions.list.query();
  return resolveRef(sessions, ref, { kind: 'session', prefer: isLive });
}

/** The path of a folder from the top: `work/api` (the dashboard's, from @rdv/contract). */
export const folderPath = folderPathOf;

/** A folder by id, name, path (`work/api`) or id prefix. */
export function resolveFolderIn(folders: readonly Folder[], ref: string): Folder {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  return resolveRef(folders, ref, {
    kind: 'folder',
    alsoMatches: (folder, wanted) =>
      wanted.includes('/') && folderPath(folder, byId) === wanted.replace(/^\/+|\/+$/g, ''),
  });
}

export async function resolveFolder(client: Client, ref: string): Promise<Folder> {
  return resolveFolderIn(await client.folders.list.query(), ref);
}

/** A token by id, name, its public prefix (`rdv_ab12…`) or id prefix; unrevoked tokens win ties. */
export async function resolveToken(client: Client, ref: string): Promise<Token> {
  const tokens = await client.tokens.list.query();
  return resolveRef(tokens, ref, {
    kind: 'token',
    prefer: (token) => !token.revokedAt,
    alsoMatches: (token, wanted) => token.prefix === wanted,
  });
}

/** A worktree target: a path on disk (absolute, or relative to the current folder) or a record. */
export type WorktreeTarget = { id: string } | { path: string };

/**
 * A worktree by path (anything that exists as a directory) or by record id, id prefix or
 * branch name. Paths go to the daemon as real paths, as it confines them with realpath too.
 */
export async function resolveWorktree(
  client: Client,
  ref: string,
  cwd: string,
): Promise<WorktreeTarget> {
  const candidate = isAbsolute(ref) ? ref : resolvePath(cwd, ref);
  if (ref.includes('/') || ref === '.' || ref === '..') {
    try {
      if (statSync(candidate).isDirectory()) return { path: realpathSync(candidate) };
    } catch {
      // not a directory: try the records
    }
  }
  const records = await client.worktrees.records.query();
  const named = records.map((record: WorktreeRecord) => ({ ...record, name: record.branch }));
  const found = resolveRef(named, ref, {
    kind: 'worktree',
    prefer: (record) => record.status === 'active',
  });
  return { id: found.id };
}
