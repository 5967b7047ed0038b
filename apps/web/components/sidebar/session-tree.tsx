'use client';

import { useMemo } from 'react';
import { matchesFilter } from '../../lib/attention';
import type { FolderNode } from '../../lib/folders';
import type { Session } from '../../lib/types';
import { FolderItem } from './folder-item';
import { folderPaths, sessionsUnder } from './folder-paths';
import { SessionItem } from './session-item';
import type { SidebarActions } from './sidebar-actions';
import styles from './sidebar.module.css';

/** One machine's folders and sessions, as the sidebar lists them. */
export interface SessionTreeProps {
  roots: FolderNode[];
  loose: Session[];
  activeSessionId: string | null;
  selectedFolderId: string | null;
  actions: SidebarActions;
}

/**
 * Each folder's path ("work/api"), and the sessions that match `filter` (name, folder path or
 * working directory), or null while there is no filter.
 */
export function useFilteredSessions(roots: FolderNode[], loose: Session[], filter: string) {
  const paths = useMemo(() => folderPaths(roots), [roots]);
  const matches = useMemo(() => {
    if (filter.trim() === '') return null;
    return [...roots.flatMap(sessionsUnder), ...loose].filter((session) =>
      matchesFilter(filter, {
        name: session.name,
        folderPath: session.folderId ? (paths.get(session.folderId) ?? '') : '',
        cwd: session.cwd,
      }),
    );
  }, [filter, roots, loose, paths]);
  return { paths, matches };
}

/** Sessions that matched a filter, flat, each with its folder's path. */
export function MatchList(props: {
  matches: Session[];
  paths: ReadonlyMap<string, string>;
  activeSessionId: string | null;
  actions: SidebarActions;
  label?: string;
}) {
  return (
    <ul className={styles.tree} aria-label={props.label}>
      {props.matches.map((session) => (
        <SessionItem
          key={session.id}
          session={session}
          depth={0}
          folderPath={session.folderId ? props.paths.get(session.folderId) : undefined}
          activeSessionId={props.activeSessionId}
          actions={props.actions}
        />
      ))}
    </ul>
  );
}

/** The folder tree, then the sessions in no folder. */
export function FolderTree(props: SessionTreeProps) {
  return (
    <ul className={styles.tree}>
      {props.roots.map((node) => (
        <FolderItem key={node.folder.id} node={node} {...props} />
      ))}
      {props.loose.map((session) => (
        <SessionItem key={session.id} session={session} depth={0} {...props} />
      ))}
    </ul>
  );
}
