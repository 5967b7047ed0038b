'use client';

import { useState } from 'react';
import {
  notificationsEnabled,
  notificationsSupported,
  setNotificationsEnabled,
} from '../lib/notifications';

/** Opt-in browser notifications for agents that start waiting or stall. */
export function NotificationToggle() {
  const [on, setOn] = useState(notificationsEnabled);
  const [denied, setDenied] = useState(false);
  if (!notificationsSupported()) return <p className="muted">This browser has no notifications.</p>;
  return (
    <label className="inline">
      <input
        type="checkbox"
        checked={on}
        onChange={(event) => {
          const want = event.target.checked;
          void setNotificationsEnabled(want).then((result) => {
            setOn(result);
            setDenied(want && !result);
          });
        }}
      />
      Notify me when an agent waits for input or stalls
      {denied && (
        <span className="error-text">
          {' '}
          (the browser refused: allow notifications for this site)
        </span>
      )}
    </label>
  );
}
