'use client';

import { attentionStatus, rollUpStatus } from '../../lib/attention';
import type { FolderNode } from '../../lib/folders';
import { useLiveStatus } from '../../lib/live-status';
import { dotStatus } from '../../lib/status';
import { DOT_LABELS } from '../../lib/types';
import { Menu } from '../ui/menu';
import { sessionsUnder } from './folder-paths';
import { useGroupOffline } from './host-group';
import { SessionItem } from './session-item';
import type { SidebarActions } from './sidebar-actions';
import styles from './sidebar.module.css';

/**
 * A folder and, unless collapsed, what it holds. A collapsed folder shows the most urgent status
 * inside it (waiting > error > stalled > running), so a waiting agent is never out of sight.
 */
export function FolderItem(props: {
  node: FolderNode;
  activeSessionId: string | null;
  selectedFolderId: string | null;
  actions: SidebarActions;
}) {
  const { node, actions } = props;
  const { folder } = node;
  const live = useLiveStatus();
  const offline = useGroupOffline();
  const inside = sessionsUnder(node);
  const rollUp = folder.collapsed
    ? rollUpStatus(
        inside.map((session) =>
          attentionStatus(session, dotStatus(session, live.statuses, live.stalled)),
        ),
      )
    : null;
  return (
    <li className={styles.folder} data-folder-id={folder.id} data-rollup={rollUp ?? undefined}>
      <div
        className={styles.row}
        style={{ paddingLeft: 6 + node.depth * 14 }}
        data-selected={props.selectedFolderId === folder.id}
      >
        <button
          className={styles.twisty}
          aria-label={folder.collapsed ? `Expand ${folder.name}` : `Collapse ${folder.name}`}
          aria-expanded={!folder.collapsed}
          disabled={offline}
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
          {rollUp && (
            <span
              className="dot"
              data-status={rollUp}
              role="img"
              aria-label={`a session inside is ${DOT_LABELS[rollUp]}`}
            />
          )}
          <span className={styles.count}>{inside.length}</span>
        </button>
        {!offline && (
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
        )}
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
