'use client';

import { useState } from 'react';
import type { FolderNode } from '../../lib/folders';
import type { Session } from '../../lib/types';
import { HostScope } from '../../lib/host-scope';
import { MachineLiveStatus } from '../../lib/live-status';
import { ClosedSessions } from './closed-sessions';
import { GroupTree, HostGroup, type GroupTreeProps } from './host-group';
import { FolderTree, MatchList, useFilteredSessions } from './session-tree';
import type { SidebarActions } from './sidebar-actions';
import styles from './sidebar.module.css';

export type { SidebarActions };

/** A host of the fleet as the sidebar shows it: its state, and its last-known or live tree. */
export interface FleetGroup extends GroupTreeProps {
  name: string;
  state: string;
  reason: string | null;
  live: boolean;
}

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
  /** The other machines, each after this one under its own heading; none: the sidebar of one machine. */
  fleet?: readonly FleetGroup[];
  /** The machine picked last (null: this one), marked in its heading. */
  focusHost?: string | null;
  /** "+ New" and "+ Folder" above the groups: on the machine picked last. @default this machine's selected folder */
  onNewSession?: () => void;
  onNewFolder?: () => void;
}) {
  const { roots, loose, actions } = props;
  const fleet = props.fleet ?? [];
  const [filter, setFilter] = useState('');
  const [showClosed, setShowClosed] = useState(false);
  const { paths, matches } = useFilteredSessions(roots, loose, filter);

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
          onClick={() => (props.onNewFolder ?? (() => actions.newFolder(props.selectedFolderId)))()}
        >
          + Folder
        </button>
        <button
          className="primary"
          title="New session (Alt+N)"
          onClick={() =>
            (props.onNewSession ?? (() => actions.newSession(props.selectedFolderId)))()
          }
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
        {fleet.length > 0 ? (
          <>
            <HostGroup
              name="This machine"
              host={null}
              state="connected"
              reason={null}
              live
              selected={(props.focusHost ?? null) === null}
              onSelect={() => actions.selectFolder(null)}
            >
              <GroupTree {...props} filter={filter} />
            </HostGroup>
            {fleet.map((group) => (
              <HostScope key={group.name} host={group.name}>
                {/* Its sessions' dots: the host's live statuses, or the last ones while it is away. */}
                <MachineLiveStatus host={group.name}>
                  <HostGroup
                    name={group.name}
                    host={group.name}
                    state={group.state}
                    reason={group.reason}
                    live={group.live}
                    selected={props.focusHost === group.name}
                    onSelect={() => group.actions.selectFolder(null)}
                    onNewSession={() => group.actions.newSession(group.selectedFolderId)}
                  >
                    <GroupTree {...group} filter={filter} />
                    {group.roots.length === 0 && group.loose.length === 0 && (
                      <p className={styles.empty}>No sessions on {group.name}.</p>
                    )}
                  </HostGroup>
                </MachineLiveStatus>
              </HostScope>
            ))}
          </>
        ) : matches ? (
          <>
            <p className="visually-hidden" aria-live="polite">
              {matches.length} matching {matches.length === 1 ? 'session' : 'sessions'}
            </p>
            <MatchList
              matches={matches}
              paths={paths}
              activeSessionId={props.activeSessionId}
              actions={actions}
              label="Matching sessions"
            />
            {matches.length === 0 && (
              <p className={styles.empty}>
                No open sessions match.{showClosed ? '' : ' “Show closed” looks further.'}
              </p>
            )}
          </>
        ) : (
          <>
            <FolderTree {...props} />
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
