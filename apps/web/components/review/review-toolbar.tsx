'use client';

import type { DiffAgainst, WorktreeDiff } from '@rdv/api';
import { useId } from 'react';
import type { ViewType } from '../../lib/review/hunks';
import styles from './review.module.css';

/**
 * The view's header: back to the terminal, what is compared (against the base branch, or
 * uncommitted changes), unified or side by side, refresh. The two choices are radio groups, so
 * arrow keys move between their options.
 */
export function ReviewToolbar(props: {
  sessionName: string;
  diff: WorktreeDiff | null;
  against: DiffAgainst;
  onAgainst: (against: DiffAgainst) => void;
  viewType: ViewType;
  onViewType: (view: ViewType) => void;
  refreshing: boolean;
  onRefresh: () => void;
  onClose: () => void;
}) {
  const { diff } = props;
  const name = useId();
  const base = diff?.base?.ref ?? 'base';
  return (
    <header className={styles.toolbar}>
      <div className={styles.titleRow}>
        <button
          type="button"
          className={styles.back}
          aria-label="Back to the terminal (Alt+G)"
          title="Back to the terminal (Alt+G)"
          onClick={props.onClose}
        >
          <span className={styles.backPhone} aria-hidden="true">
            ← Terminal
          </span>
          <span className={styles.backDesktop} aria-hidden="true">
            ✕
          </span>
        </button>
        <h2 className={styles.title}>
          Changes
          <span className={styles.titleDetail}>
            {diff
              ? ` · ${diff.detached ? 'detached HEAD' : diff.branch}${diff.totals.files ? ` · ${diff.totals.files} file${diff.totals.files === 1 ? '' : 's'}` : ''}`
              : ` · ${props.sessionName}`}
          </span>
          {diff && diff.totals.files > 0 && (
            <span className={styles.titleCounts}>
              {' '}
              <span className={styles.additions}>+{diff.totals.additions}</span>{' '}
              <span className={styles.deletions}>−{diff.totals.deletions}</span>
            </span>
          )}
        </h2>
        <button
          type="button"
          className={styles.refresh}
          onClick={props.onRefresh}
          aria-label="Refresh the changes"
          title="Refresh (the view also refreshes by itself every few seconds)"
          aria-busy={props.refreshing}
        >
          ↻
        </button>
      </div>
      <div className={styles.controls}>
        <fieldset className={styles.segmented}>
          <legend className={styles.visuallyHidden}>Compare</legend>
          <label>
            <input
              type="radio"
              name={`${name}-against`}
              checked={props.against === 'base'}
              onChange={() => props.onAgainst('base')}
            />
            <span>Against {base}</span>
          </label>
          <label>
            <input
              type="radio"
              name={`${name}-against`}
              checked={props.against === 'head'}
              onChange={() => props.onAgainst('head')}
            />
            <span>Uncommitted</span>
          </label>
        </fieldset>
        <fieldset className={styles.segmented}>
          <legend className={styles.visuallyHidden}>Layout</legend>
          <label>
            <input
              type="radio"
              name={`${name}-view`}
              checked={props.viewType === 'unified'}
              onChange={() => props.onViewType('unified')}
            />
            <span>Unified</span>
          </label>
          <label>
            <input
              type="radio"
              name={`${name}-view`}
              checked={props.viewType === 'split'}
              onChange={() => props.onViewType('split')}
            />
            <span>Side by side</span>
          </label>
        </fieldset>
      </div>
    </header>
  );
}

/** What stands in the way of shipping, said before anyone tries. */
export function ReviewWarnings({ diff, against }: { diff: WorktreeDiff; against: DiffAgainst }) {
  const warnings: string[] = [];
  if (diff.detached)
    warnings.push('HEAD is detached (no branch): commit, push and pull request are refused.');
  if (diff.conflicts.length)
    warnings.push(
      `Unresolved conflicts in ${diff.conflicts.join(', ')}: resolve them before committing.`,
    );
  if (against === 'base' && !diff.base)
    warnings.push('No base branch was found: this shows the uncommitted changes only.');
  if (diff.truncated)
    warnings.push(
      `Only the first ${diff.files.length} of ${diff.totals.files} changed files are listed.`,
    );
  if (!warnings.length) return null;
  return (
    <ul className={styles.warnings} aria-label="Warnings">
      {warnings.map((text) => (
        <li key={text}>{text}</li>
      ))}
    </ul>
  );
}
