import type { WorktreeDiff } from '@rdv/api';

/** The parts of a diff the cheap poll (`stat: true`) compares; patches are left out. */
export type DiffStat = Pick<
  WorktreeDiff,
  'branch' | 'head' | 'base' | 'files' | 'totals' | 'truncated' | 'conflicts'
>;

/**
 * One string that changes when the stat poll sees a change: a file added, removed, staged,
 * renamed or with other counts, a new commit, another base. An edit that keeps a file's counts
 * is not seen here; the view also refetches patches now and then (see review-pane).
 */
export function diffSignature(diff: DiffStat): string {
  return JSON.stringify([
    diff.branch,
    diff.head,
    diff.base?.commit ?? null,
    diff.truncated,
    diff.conflicts,
    diff.totals,
    diff.files.map((f) => [
      f.path,
      f.oldPath,
      f.status,
      f.additions,
      f.deletions,
      f.binary,
      f.staged,
    ]),
  ]);
}
