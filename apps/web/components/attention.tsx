'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { splitSessionKey } from '@rdv/contract';
import { waitingAnnouncement } from '../lib/attention';
import { sessionLabel } from '../lib/fleet-status';
import { useLiveStatus } from '../lib/live-status';
import { setWaitingCount } from '../lib/page-title';
import { dotStatus } from '../lib/status';
import type { Session } from '../lib/types';

/**
 * Attention for the whole page, whatever is on screen: the title counts sessions waiting for
 * the user (`(2) rdv`), and a polite live region tells screen readers "<session> is waiting:
 * <question>" when one starts waiting. Every machine's sessions count, keyed as the dashboard
 * keys them (a host's `gpu:ID`), and a host's are named with it ("trainer on gpu"). Renders
 * only that (visually hidden) region.
 */
export function Attention({ sessions }: { sessions: ReadonlyMap<string, Session> }) {
  const live = useLiveStatus();
  const waiting = useMemo(
    () =>
      [...sessions].filter(
        ([key, session]) =>
          dotStatus({ ...session, id: key }, live.statuses, live.stalled) === 'waiting',
      ),
    [sessions, live.statuses, live.stalled],
  );
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef<ReadonlySet<string>>(new Set());

  useEffect(() => setWaitingCount(waiting.length), [waiting.length]);
  useEffect(() => () => setWaitingCount(0), []);

  useEffect(() => {
    const fresh = waiting.filter(([key]) => !announced.current.has(key));
    announced.current = new Set(waiting.map(([key]) => key));
    if (fresh.length === 0) return;
    setAnnouncement(
      fresh
        .map(([key, session]) =>
          waitingAnnouncement(
            sessionLabel(session.name, splitSessionKey(key).host),
            live.statuses.get(key)?.message,
          ),
        )
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
