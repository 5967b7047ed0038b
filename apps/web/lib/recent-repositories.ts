import { toDate } from './format';

/** At most this many repositories are offered (and session folders checked with git). */
export const MAX_RECENT_REPOSITORIES = 8;

export interface RepositorySources {
  /** The user's worktree records (`worktrees.records`): their repositories are known to be ones. */
  records: ReadonlyArray<{ repoPath: string; updatedAt: Date | string }>;
  /** Sessions: their working directories may be repositories (git says, see below). */
  sessions: ReadonlyArray<{
    cwd: string;
    lastActivityAt: Date | string | null;
    updatedAt: Date | string;
  }>;
}

export interface RepositoryCandidate {
  path: string;
  /** True when it is a repository for sure; false when git must be asked. */
  known: boolean;
}

/**
 * Folders worth offering in the worktree panel, most recently used first, each once: the
 * repositories of the user's worktrees, and the working directories of their sessions.
 */
export function repositoryCandidates(
  sources: RepositorySources,
  limit = MAX_RECENT_REPOSITORIES,
): RepositoryCandidate[] {
  const seen = new Map<string, { known: boolean; at: number }>();
  const add = (path: string, known: boolean, at: number) => {
    const clean = trimSlashes(path);
    if (!clean.startsWith('/')) return;
    const before = seen.get(clean);
    seen.set(clean, {
      known: known || (before?.known ?? false),
      at: Math.max(at, before?.at ?? -Infinity),
    });
  };
  for (const record of sources.records) add(record.repoPath, true, time(record.updatedAt));
  for (const session of sources.sessions)
    add(session.cwd, false, time(session.lastActivityAt ?? session.updatedAt));
  return [...seen.entries()]
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, limit)
    .map(([path, { known }]) => ({ path, known }));
}

/**
 * What git said about a candidate (`worktrees.list`): the top folder of the main worktree when
 * it is the top of a repository or of one of its worktrees, null when it is not, undefined
 * while the answer is pending.
 */
export type RepositoryCheck = string | null | undefined;

/**
 * The repositories to offer: known ones as they are, checked ones as git named their main
 * worktree, in the candidates' order, each once; pending and refused ones are left out.
 */
export function recentRepositories(
  candidates: readonly RepositoryCandidate[],
  checks: ReadonlyMap<string, RepositoryCheck>,
): string[] {
  const out: string[] = [];
  for (const candidate of candidates) {
    const root = candidate.known ? candidate.path : checks.get(candidate.path);
    if (root && !out.includes(root)) out.push(root);
  }
  return out;
}

function trimSlashes(path: string): string {
  return path.trim().replace(/(.)\/+$/, '$1');
}

function time(value: Date | string | null): number {
  return toDate(value)?.getTime() ?? 0;
}
