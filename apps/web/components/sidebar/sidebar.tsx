'use client';

import type { FolderNode } from '../../lib/folders';
import { useLiveStatus } from '../../lib/live-status';
import { dotStatus } from '../../lib/status';
import { DOT_LABELS, type Folder, type Session } from '../../lib/types';
import { Menu } from '../ui/menu';
import styles from './sidebar.module.css';

export interface SidebarActions {
  openSession: (session: Session) => void;
  newSession: (folderId: string | null) => void;
  renameSession: (session: Session) => void;
  moveSession: (session: Session) => void;
  suspendSession: (session: Session) => void;
  resumeSession: (session: Session) => void;
  closeSession: (session: Session) => void;
  selectFolder: (folder: Folder | null) => void;
  newFolder: (parentId: string | null) => void;
  renameFolder: (folder: Folder) => void;
  moveFolder: (folder: Folder) => void;
  deleteFolder: (folder: Folder) => void;
  toggleFolder: (folder: Folder) => void;
}

/** The folder tree and sessions, each with its live status dot. */
export function Sidebar(props: {
  roots: FolderNode[];
  loose: Session[];
  activeSessionId: string | null;
  selectedFolderId: string | null;
  actions: SidebarActions;
}) {
  const { roots, loose, actions } = props;
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
    </nav>
  );
}

function FolderItem(props: {
  node: FolderNode;
  activeSessionId: string | null;
  selectedFolderId: string | null;
  actions: SidebarActions;
}) {
  const { node, actions } = props;
  const { folder } = node;
  return (
    <li className={styles.folder} data-folder-id={folder.id}>
      <div
        className={styles.row}
        style={{ paddingLeft: 6 + node.depth * 14 }}
        data-selected={props.selectedFolderId === folder.id}
      >
        <button
          className={styles.twisty}
          aria-label={folder.collapsed ? `Expand ${folder.name}` : `Collapse ${folder.name}`}
          onClick={() => actions.toggleFolder(folder)}
        >
          {folder.collapsed ? '▸' : '▾'}
        </button>
        <button
          className={styles.open}
          title="Select this folder (new sessions and panels use it)"
          onClick={() => actions.selectFolder(folder)}
        >
          <span className={styles.name}>{folder.name}</span>
          <span className={styles.count}>{countSessions(node)}</span>
        </button>
        <Menu
          label={`Folder ${folder.name} actions`}
          items={[
            { label: 'New session here', onSelect: () => actions.newSession(folder.id) },
            { label: 'New sub-folder', onSelect: () => actions.newFolder(folder.id) },
            { label: 'Rename…', onSelect: () => actions.renameFolder(folder) },
            { label: 'Move to…', onSelect: () => actions.moveFolder(folder) },
            { label: 'Delete…', onSelect: () => actions.deleteFolder(folder), danger: true },
          ]}
        />
      </div>
      {!folder.collapsed && (
        <ul className={styles.tree}>
          {node.children.map((child) => (
            <FolderItem key={child.folder.id} {...props} node={child} />
          ))}
          {node.sessions.map((session) => (
            <SessionItem key={session.id} {...props} session={session} depth={node.depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

function SessionItem(props: {
  session: Session;
  depth: number;
  activeSessionId: string | null;
  actions: SidebarActions;
}) {
  const { session, actions } = props;
  const live = useLiveStatus();
  const status = dotStatus(session, live.statuses, live.stalled);
  const message = live.statuses.get(session.id)?.message;
  return (
    <li className={styles.session} data-session-id={session.id} data-status={status}>
      <div
        className={styles.row}
        style={{ paddingLeft: 10 + props.depth * 14 }}
        data-active={props.activeSessionId === session.id}
      >
        <button
          className={styles.open}
          title={`${session.name}: ${DOT_LABELS[status]}${message ? ` (${message})` : ''}\n${session.cwd}`}
          onClick={() => actions.openSession(session)}
        >
          <span className="dot" data-status={status} aria-label={DOT_LABELS[status]} />
          <span className={styles.kind}>{session.kind === 'agent' ? '✦' : '$'}</span>
          <span className={styles.name}>{session.name}</span>
        </button>
        <Menu
          label={`Session ${session.name} actions`}
          items={[
            { label: 'Rename…', onSelect: () => actions.renameSession(session) },
            { label: 'Move to…', onSelect: () => actions.moveSession(session) },
            {
              label: 'Suspend',
              onSelect: () => actions.suspendSession(session),
              hidden: session.status !== 'active',
            },
            {
              label: 'Resume',
              onSelect: () => actions.resumeSession(session),
              hidden: session.status !== 'suspended',
            },
            { label: 'Close…', onSelect: () => actions.closeSession(session), danger: true },
          ]}
        />
      </div>
    </li>
  );
}

function countSessions(node: FolderNode): number {
  return node.sessions.length + node.children.reduce((sum, child) => sum + countSessions(child), 0);
}
