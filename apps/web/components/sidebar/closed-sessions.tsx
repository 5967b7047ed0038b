'use client';

import { useQuery } from '@tanstack/react-query';
import { matchesFilter } from '../../lib/attention';
import { relativeTime } from '../../lib/format';
import { useEndedSessionActions } from '../../lib/session-actions';
import { useTRPC } from '../../lib/trpc';
import type { Session } from '../../lib/types';
import styles from './sidebar.module.css';

/** Closed sessions shown at most; the filter narrows them down. */
export const MAX_CLOSED_SHOWN = 100;
const CLOSED_REFRESH_MS = 10_000;

/**
 * Sessions the user closed (and those closed with their worktree trashed), newest first, found
 * with the filter: each can be restarted in place, which opens it.
 */
export function ClosedSessions(props: {
  filter: string;
  folderPaths: ReadonlyMap<string, string>;
  onRestarted: (session: Session) => void;
}) {
  const trpc = useTRPC();
  const ended = useEndedSessionActions();
  const closed = useQuery({
    ...trpc.sessions.list.queryOptions({ status: ['closed', 'trashed'] }),
    refetchInterval: CLOSED_REFRESH_MS,
  });
  const pathOf = (session: Session) =>
    session.folderId ? (props.folderPaths.get(session.folderId) ?? '') : '';
  const matches = (closed.data ?? [])
    .filter((session) =>
      matchesFilter(props.filter, {
        name: session.name,
        folderPath: pathOf(session),
        cwd: session.cwd,
      }),
    )
    .sort((a, b) => String(b.closedAt ?? '').localeCompare(String(a.closedAt ?? '')));
  const shown = matches.slice(0, MAX_CLOSED_SHOWN);
  return (
    <section className={styles.closed} aria-label="Closed sessions">
      <h3 className={styles.sectionTitle}>Closed {closed.data ? `(${matches.length})` : ''}</h3>
      {closed.error && <p className="error-text">{closed.error.message}</p>}
      {closed.data && matches.length === 0 && (
        <p className={styles.hint}>No closed sessions{props.filter ? ' match' : ''}.</p>
      )}
      <ul className={styles.tree}>
        {shown.map((session) => (
          <li key={session.id} className={styles.session} data-closed-session-id={session.id}>
            <div className={styles.row} style={{ paddingLeft: 10 }}>
              <span className="dot" data-status="exited" role="img" aria-label="closed" />
              <span className={styles.name} title={session.cwd}>
                {session.name}
                <span className={styles.path}>
                  {[pathOf(session), relativeTime(session.closedAt)].filter(Boolean).join(' · ')}
                </span>
              </span>
              <button
                className={styles.restart}
                aria-label={`Restart ${session.name}`}
                title="Restart: same command, folder and working directory"
                disabled={ended.pending}
                onClick={() =>
                  void ended
                    .restart(session.id)
                    .then(() => props.onRestarted(session))
                    .catch(() => undefined)
                }
              >
                ↻
              </button>
            </div>
          </li>
        ))}
      </ul>
      {matches.length > shown.length && (
        <p className={styles.hint}>
          {matches.length - shown.length} more: narrow the filter to find them.
        </p>
      )}
      {ended.error && (
        <p className={styles.rowError} role="alert">
          {ended.error.message}
        </p>
      )}
    </section>
  );
}
