import type { DiffAgainst } from '@rdv/api';
import type { MAX_DIFF_CONTEXT_LINES } from '@rdv/api/schemas';
import type { ViewType } from './hunks';

const VIEW_KEY = 'rdv.review.view';
const AGAINST_KEY = 'rdv.review.against';

/**
 * The most context lines `worktrees.diff` gives: the wider patch folded lines are unfolded
 * from. Typed as the API's constant, so the two cannot drift apart unnoticed (tsc fails).
 */
export const WIDE_CONTEXT_LINES: typeof MAX_DIFF_CONTEXT_LINES = 100;

/** Side by side, or unified: the last choice, else side by side where there is room for it. */
export function savedViewType(storage: Storage, wide: boolean): ViewType {
  const saved = storage.getItem(VIEW_KEY);
  return saved === 'split' || saved === 'unified' ? saved : wide ? 'split' : 'unified';
}

export function saveViewType(storage: Storage, view: ViewType): void {
  storage.setItem(VIEW_KEY, view);
}

/** Against the base branch (all the branch's work), or uncommitted changes only. */
export function savedAgainst(storage: Storage): DiffAgainst {
  return storage.getItem(AGAINST_KEY) === 'head' ? 'head' : 'base';
}

export function saveAgainst(storage: Storage, against: DiffAgainst): void {
  storage.setItem(AGAINST_KEY, against);
}
