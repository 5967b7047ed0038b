import type { RouterInputs, RouterOutputs } from '@rdv/api';
import { folderPathOf } from '@rdv/contract';
import type { Folder, Session } from './types';

export type SearchMatch = RouterOutputs['search']['query']['matches'][number];
export type SearchQuery = RouterInputs['search']['query'];

/** Sessions and folders listed at most (the text matches have their own page size). */
export const MAX_QUICK_ITEMS = 8;
/** Text matches asked for per query. */
export const PALETTE_MATCH_LIMIT = 30;
/** Shorter text is not sent to search.query: one letter matches nearly every line. */
export const MIN_TEXT_QUERY = 2;

/** One row of the palette. */
export type PaletteItem =
  | { kind: 'session'; key: string; session: Session }
  | { kind: 'folder'; key: string; folder: Folder; path: string }
  | { kind: 'match'; key: string; match: SearchMatch };

/** Sessions and folders whose name (or a folder's path) holds the text, best first: prefix, then anywhere. */
export function quickItems(
  text: string,
  sessions: readonly Session[],
  folders: readonly Folder[],
): PaletteItem[] {
  const wanted = text.trim().toLocaleLowerCase();
  const byId = new Map(folders.map((f) => [f.id, f]));
  const rank = (label: string) => {
    const at = label.toLocaleLowerCase().indexOf(wanted);
    return at < 0 ? -1 : at === 0 ? 0 : 1;
  };
  const sessionItems = sessions
    .map((session) => ({ session, rank: wanted ? rank(session.name) : 1 }))
    .filter((s) => s.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, MAX_QUICK_ITEMS)
    .map(({ session }): PaletteItem => ({ kind: 'session', key: `s:${session.id}`, session }));
  const folderItems = folders
    .map((folder) => {
      const path = folderPathOf(folder, byId);
      return { folder, path, rank: wanted ? Math.max(rank(folder.name), rank(path)) : 1 };
    })
    .filter((f) => f.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, MAX_QUICK_ITEMS)
    .map(({ folder, path }): PaletteItem => ({
      kind: 'folder',
      key: `f:${folder.id}`,
      folder,
      path,
    }));
  return [...sessionItems, ...folderItems];
}

/** Text matches as palette rows (keys stay unique across pages and sources). */
export function matchItems(matches: readonly SearchMatch[]): PaletteItem[] {
  return matches.map((match) => ({
    kind: 'match',
    key: `m:${match.source}:${match.sessionId}:${match.line}`,
    match,
  }));
}

/** The text of a match cut into plain and highlighted pieces, for rendering. */
export function highlightPieces(
  text: string,
  ranges: ReadonlyArray<readonly [number, number]>,
): Array<{ text: string; hit: boolean }> {
  const out: Array<{ text: string; hit: boolean }> = [];
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start || start > text.length) continue;
    if (start > at) out.push({ text: text.slice(at, start), hit: false });
    out.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}

/** Where the highlighted row goes for ArrowDown / ArrowUp (wrapping); null for other keys. */
export function nextIndex(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return current < 0 ? 0 : (current + 1) % count;
  if (key === 'ArrowUp') return current < 0 ? count - 1 : (current - 1 + count) % count;
  return null;
}

/**
 * What went wrong with a search, in a line: the reason zod gave for the query (an invalid or
 * empty-matching regular expression) rather than tRPC's JSON dump of the issues.
 */
export function searchErrorText(error: unknown): string {
  const data = (
    error as {
      data?: {
        zodError?: {
          fieldErrors?: Record<string, string[] | undefined>;
          formErrors?: string[];
        } | null;
      };
    } | null
  )?.data;
  const zod = data?.zodError;
  const reason =
    zod?.fieldErrors?.query?.[0] ??
    Object.values(zod?.fieldErrors ?? {})[0]?.[0] ??
    zod?.formErrors?.[0];
  if (reason) return reason;
  return error instanceof Error ? error.message : String(error);
}
