import { gitMaybe } from '../git/git.ts';
import { resolveCommit } from '../worktrees/worktree-git.ts';
import type { DiffBaseSource, WorktreeDiffBase } from './review-types.ts';

/** Branches tried, in order, when neither a recorded base nor a usable upstream names one. */
export const DEFAULT_BASE_CANDIDATES = ['main', 'master', 'origin/main', 'origin/master'] as const;

export interface BaseHints {
  /** The base branch rdv recorded when it created the worktree. */
  recorded: string | null;
  /** The checked-out branch (null when detached). */
  branch: string | null;
  /** Its upstream, as `git status` names it ("origin/feat", "main"). */
  upstream: string | null;
}

/**
 * The branch a worktree's work is measured against, and the merge-base with HEAD: the recorded
 * base branch, else the upstream, else origin/HEAD, main, master, origin/main, origin/master.
 * An upstream that is the branch's own copy on a remote ("origin/feat" for "feat", what
 * `push -u` sets) is the push target, not a base: diffing against it would show only what is
 * not pushed yet, so it is skipped. A candidate that names no commit, or shares no history
 * with HEAD, is skipped too. Null when none is left.
 */
export async function findDiffBase(cwd: string, hints: BaseHints): Promise<WorktreeDiffBase | null> {
  for await (const candidate of baseCandidates(cwd, hints)) {
    const tip = await resolveCommit(cwd, candidate.ref);
    if (!tip) continue;
    const mergeBase = await gitMaybe(['merge-base', 'HEAD', tip], { cwd });
    if (!mergeBase?.trim()) continue;
    return { ref: candidate.ref, commit: mergeBase.trim(), source: candidate.source };
  }
  return null;
}

/** The candidates in order; origin/HEAD is looked up only when the earlier ones did not do. */
async function* baseCandidates(
  cwd: string,
  hints: BaseHints,
): AsyncGenerator<{ ref: string; source: DiffBaseSource }> {
  if (hints.recorded) yield { ref: hints.recorded, source: 'record' };
  if (hints.upstream && !isOwnRemoteCopy(hints.upstream, hints.branch)) {
    yield { ref: hints.upstream, source: 'upstream' };
  }
  const originHead = await originHeadRef(cwd);
  if (originHead) yield { ref: originHead, source: 'default' };
  for (const ref of DEFAULT_BASE_CANDIDATES) yield { ref, source: 'default' };
}

/** "origin/main" when origin/HEAD points there; null without it. */
async function originHeadRef(cwd: string): Promise<string | null> {
  const ref = await gitMaybe(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], { cwd });
  return ref?.trim() || null;
}

/** "origin/feat" for branch "feat" (or "feat" itself): the branch's own push target. */
export function isOwnRemoteCopy(upstream: string, branch: string | null): boolean {
  if (branch === null) return false;
  return upstream === branch || upstream.endsWith(`/${branch}`);
}

/** The short name of the default branch on origin ("main"), from origin/HEAD; null without one. */
export async function originDefaultBranch(cwd: string): Promise<string | null> {
  const name = await originHeadRef(cwd);
  return name?.startsWith('origin/') ? name.slice('origin/'.length) : null;
}

/** The first line of HEAD's message; '' on an unborn branch. */
export async function headSubject(cwd: string): Promise<string> {
  const subject = await gitMaybe(['log', '-1', '--format=%s', 'HEAD', '--'], { cwd }).catch(() => null);
  return subject?.trim() ?? '';
}
