'use client';

import { useLiveStatus } from '../lib/live-status';
import { dotStatus } from '../lib/status';
import type { Session } from '../lib/types';
import styles from './dashboard.module.css';

/** Open sessions as tabs; Alt+1…9 jumps to one. */
export function TabBar(props: {
  tabs: string[];
  active: string | null;
  sessions: ReadonlyMap<string, Session>;
  onSelect: (id: string) => void;
  onClose: (id: string) => void;
}) {
  const live = useLiveStatus();
  return (
    <div className={styles.tabs} role="tablist" aria-label="Open sessions">
      {props.tabs.map((id, index) => {
        const session = props.sessions.get(id);
        const status = session ? dotStatus(session, live.statuses, live.stalled) : 'exited';
        return (
          <div
            key={id}
            className={styles.tab}
            data-active={id === props.active}
            data-session-tab={id}
          >
            <button
              role="tab"
              aria-selected={id === props.active}
              className={styles.tabLabel}
              title={index < 9 ? `Alt+${index + 1}` : undefined}
              onClick={() => props.onSelect(id)}
            >
              <span className="dot" data-status={status} />
              {session?.name ?? 'closed session'}
            </button>
            <button
              className={styles.tabClose}
              aria-label="Close tab"
              title="Close tab (Alt+W)"
              onClick={() => props.onClose(id)}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
