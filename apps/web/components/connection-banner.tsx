'use client';

import { useSyncExternalStore } from 'react';
import { connectionProblem } from '../lib/connection-problem';
import styles from './dashboard.module.css';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** `navigator.onLine`, kept current by the `online` and `offline` events. */
export function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
}

/** The banner over the terminals when the session list cannot be read, saying whose fault it is. */
export function ConnectionBanner({ error }: { error: unknown }) {
  const problem = connectionProblem(useBrowserOnline(), error);
  if (!problem) return null;
  return (
    <div className={styles.offline} role="status" data-testid="connection-banner">
      {problem}
    </div>
  );
}
