'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { FolderTree, MatchList, useFilteredSessions, type SessionTreeProps } from './session-tree';
import styles from './sidebar.module.css';

/** A host's state as its group's heading says it. */
export const HOST_STATE_LABELS: Record<string, string> = {
  connected: 'connected',
  connecting: 'connecting…',
  unreachable: 'unreachable',
  rdv_missing: 'rdv not running there',
  token_refused: 'token refused',
};

/** True inside a host's group while that host cannot be reached: its rows are shown, not usable. */
const OfflineContext = createContext(false);

export function useGroupOffline(): boolean {
  return useContext(OfflineContext);
}

/** One machine's folders and sessions (all of them, or those matching the sidebar's filter). */
export type GroupTreeProps = SessionTreeProps;

export function GroupTree(props: GroupTreeProps & { filter: string }) {
  const { paths, matches } = useFilteredSessions(props.roots, props.loose, props.filter);
  return matches ? (
    <MatchList matches={matches} paths={paths} {...props} />
  ) : (
    <FolderTree {...props} />
  );
}

/**
 * A machine of the fleet in the sidebar: its name and state as the heading, then its sessions.
 * While the host is away its last-known sessions stay listed, marked unreachable and inert.
 */
export function HostGroup(props: {
  name: string;
  /** null: this machine. */
  host: string | null;
  state: string;
  reason: string | null;
  live: boolean;
  /** The machine picked last: new sessions and the panels use it. */
  selected?: boolean;
  onNewSession?: () => void;
  onSelect?: () => void;
  children: ReactNode;
}) {
  const offline = !props.live;
  const label = HOST_STATE_LABELS[props.state] ?? props.state;
  const headingId = `host-group-${props.host ?? 'home'}`;
  return (
    <section
      className={styles.hostGroup}
      aria-labelledby={headingId}
      data-host={props.host ?? ''}
      data-host-state={props.state}
      data-live={props.live}
    >
      <div className={styles.hostHead}>
        <h2 id={headingId} className={styles.hostName}>
          <button
            aria-pressed={props.selected === true}
            className={styles.hostSelect}
            onClick={props.onSelect}
            title="New sessions and panels use this machine"
          >
            {props.name}
          </button>
        </h2>
        <span
          className={styles.hostState}
          data-state={props.state}
          title={props.reason ?? undefined}
        >
          {label}
        </span>
        {props.onNewSession && !offline && (
          <button
            className={styles.hostNew}
            aria-label={`New session on ${props.name}`}
            title={`New session on ${props.name}`}
            onClick={props.onNewSession}
          >
            +
          </button>
        )}
      </div>
      {offline && props.reason && (
        <p className={styles.hostReason} role="status">
          {props.reason}
        </p>
      )}
      <OfflineContext.Provider value={offline}>{props.children}</OfflineContext.Provider>
    </section>
  );
}
