'use client';

import { useEffect, useRef } from 'react';
import { splitSessionKey } from '@rdv/contract';
import { useLiveStatus } from '../lib/live-status';
import { revealScrollLeft } from '../lib/reveal-scroll';
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
  const list = useRef<HTMLDivElement>(null);
  // Tabs change width when their names arrive or change: the active one is revealed again then.
  const names = props.tabs.map((id) => props.sessions.get(id)?.name ?? '').join('\n');
  // The active tab is always in view, however it became active (shortcut, sidebar, new tab).
  useEffect(() => {
    const view = list.current;
    const tab = props.active
      ? view?.querySelector<HTMLElement>(`[data-session-tab="${CSS.escape(props.active)}"]`)
      : null;
    if (!view || !tab) return;
    const viewBox = view.getBoundingClientRect();
    const tabBox = tab.getBoundingClientRect();
    view.scrollLeft = revealScrollLeft(
      { scrollLeft: view.scrollLeft, width: view.clientWidth },
      { left: tabBox.left - viewBox.left + view.scrollLeft, width: tabBox.width },
    );
  }, [props.active, names]);
  return (
    <div className={styles.tabs} role="tablist" aria-label="Open sessions" ref={list}>
      {props.tabs.map((id, index) => {
        const session = props.sessions.get(id);
        // The page's statuses are keyed as the tabs are (a host's qualified), not by the bare id.
        const status = session
          ? dotStatus({ ...session, id }, live.statuses, live.stalled)
          : 'exited';
        const name = session?.name ?? 'closed session';
        // A host's session: its tab names the host, its tooltip the qualified id (`gpu:3f2a…`).
        const host = splitSessionKey(id).host;
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
              title={
                host
                  ? `${id}${index < 9 ? ` (Alt+${index + 1})` : ''}`
                  : index < 9
                    ? `Alt+${index + 1}`
                    : undefined
              }
              onClick={() => props.onSelect(id)}
            >
              <span className="dot" data-status={status} />
              {host && <span className={styles.tabHost}>{host}:</span>}
              {name}
            </button>
            <button
              className={styles.tabClose}
              aria-label={`Close ${name}`}
              title={id === props.active ? `Close ${name} (Alt+W)` : `Close ${name}`}
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
