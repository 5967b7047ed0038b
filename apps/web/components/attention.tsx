'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { waitingAnnouncement } from '../lib/attention';
import { useLiveStatus } from '../lib/live-status';
import { setWaitingCount } from '../lib/page-title';
import { dotStatus } from '../lib/status';
import type { Session } from '../lib/types';

/**
 * Attention for the whole page, whatever is on screen: the title counts sessions waiting for
 * the user (`(2) rdv`), and a polite live region tells screen readers "<session> is waiting:
 * <question>" when one starts waiting. Renders only that (visually hidden) region.
 */
export function Attention({ sessions }: { sessions: ReadonlyMap<string, Session> }) {
  const live = useLiveStatus();
  const waiting = useMemo(
    () =>
      [...sessions.values()].filter(
        (session) => dotStatus(session, live.statuses, live.stalled) === 'waiting',
      ),
    [sessions, live.statuses, live.stalled],
  );
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef<ReadonlySet<string>>(new Set());

  useEffect(() => setWaitingCount(waiting.length), [waiting.length]);
  useEffect(() => () => setWaitingCount(0), []);

  useEffect(() => {
    const fresh = waiting.filter((session) => !announced.current.has(session.id));
    announced.current = new Set(waiting.map((session) => session.id));
    if (fresh.length === 0) return;
    setAnnouncement(
      fresh
        .map((session) => waitingAnnouncement(session.name, live.statuses.get(session.id)?.message))
        .join('. '),
    );
  }, [waiting, live.statuses]);

  return (
    <div
      aria-live="polite"
      aria-atomic="true"
      className="visually-hidden"
      data-testid="attention-live"
    >
      {announcement}
    </div>
  );
}
