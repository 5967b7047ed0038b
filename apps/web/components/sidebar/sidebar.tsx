'use client';

import { useMemo, useState } from 'react';
import { matchesFilter } from '../../lib/attention';
import type { FolderNode } from '../../lib/folders';
import type { Session } from '../../lib/types';
import { ClosedSessions } from './closed-sessions';
import { FolderItem } from './folder-item';
import { folderPaths, sessionsUnder } from './folder-paths';
import { SessionItem } from './session-item';
import type { SidebarActions } from './sidebar-actions';
import styles from './sidebar.module.css';

export type { SidebarActions };

/**
 * The folder tree and sessions, each with its live status dot; exited sessions stay with their
 * exit code until restarted or closed. A filter (name, folder, path) lists matches flat, and
 * "Show closed" adds the sessions the user closed, so none is ever out of reach.
 */
export function Sidebar(props: {
  roots: FolderNode[];
  loose: Session[];
  activeSessionId: string | null;
  selectedFolderId: string | null;
  actions: SidebarActions;
}) {
  const { roots, loose, actions } = props;
  const [filter, setFilter] = useState('');
  const [showClosed, setShowClosed] = useState(false);
  const paths = useMemo(() => folderPaths(roots), [roots]);
  const filtering = filter.trim() !== '';
  const matches = useMemo(() => {
    if (!filtering) return [];
    return [...roots.flatMap(sessionsUnder), ...loose].filter((session) =>
      matchesFilter(filter, {
        name: session.name,
        folderPath: session.folderId ? (paths.get(session.folderId) ?? '') : '',
        cwd: session.cwd,
      }),
    );
  }, [filtering, filter, roots, loose, paths]);

  return (
    <nav className={styles.sidebar} aria-label="Sessions">
      <div className={styles.head}>
        <button
          className={styles.root}
          data-selected={props.selectedFolderId === null}
          onClick={() => actions.selectFolder(null)}
        >
          All sessions
        </button>
        <button
          title="New folder"
          aria-label="New folder"
          onClick={() => actions.newFolder(props.selectedFolderId)}
        >
          + Folder
        </button>
        <button
          className="primary"
          title="New session (Alt+N)"
          onClick={() => actions.newSession(props.selectedFolderId)}
        >
          + New
        </button>
      </div>
      <div className={styles.filterBar} role="search">
        <input
          type="search"
          className={styles.filter}
          value={filter}
          placeholder="Filter sessions"
          aria-label="Filter sessions by name, folder or path"
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setFilter('');
          }}
        />
        <label className={styles.toggle}>
          <input
            type="checkbox"
            checked={showClosed}
            onChange={(event) => setShowClosed(event.target.checked)}
          />
          Show closed
        </label>
      </div>
      <div className={styles.scroll}>
        {filtering ? (
          <>
            <p className="visually-hidden" aria-live="polite">
              {matches.length} matching {matches.length === 1 ? 'session' : 'sessions'}
            </p>
            <ul className={styles.tree} aria-label="Matching sessions">
              {matches.map((session) => (
                <SessionItem
                  key={session.id}
                  session={session}
                  depth={0}
                  folderPath={session.folderId ? paths.get(session.folderId) : undefined}
                  activeSessionId={props.activeSessionId}
                  actions={actions}
                />
              ))}
            </ul>
            {matches.length === 0 && (
              <p className={styles.empty}>
                No open sessions match.{showClosed ? '' : ' “Show closed” looks further.'}
              </p>
            )}
          </>
        ) : (
          <>
            <ul className={styles.tree}>
              {roots.map((node) => (
                <FolderItem key={node.folder.id} node={node} {...props} />
              ))}
              {loose.map((session) => (
                <SessionItem key={session.id} session={session} depth={0} {...props} />
              ))}
            </ul>
            {roots.length === 0 && loose.length === 0 && (
              <p className={styles.empty}>No sessions yet. Start one with “+ New”.</p>
            )}
          </>
        )}
        {showClosed && (
          <ClosedSessions
            filter={filter}
            folderPaths={paths}
            onRestarted={(session) => actions.openSession(session)}
          />
        )}
      </div>
    </nav>
  );
}
