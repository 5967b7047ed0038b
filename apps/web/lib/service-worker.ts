/** The dashboard's service worker (public/sw.js): app-shell cache and Web Push. */
export const SERVICE_WORKER_URL = '/sw.js';

/**
 * Registers the service worker that makes the dashboard installable and open offline. Skipped
 * where browsers refuse one (plain http on a non-local host) and in `next dev`, whose
 * unhashed chunks a cache would serve stale.
 */
export function registerServiceWorker(): void {
  if (process.env.NODE_ENV !== 'production') return;
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.addEventListener('message', onWorkerMessage);
  navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' }).catch((error: unknown) => {
    // The dashboard works without it; only installing and offline start are lost.
    console.warn('rdv: service worker not registered:', error);
  });
}

/** A click on a push notification, with this page open: switch to that session (no reload). */
function onWorkerMessage(event: MessageEvent): void {
  const data = event.data as { type?: unknown; sessionId?: unknown } | null;
  if (data?.type !== 'rdv-open-session' || typeof data.sessionId !== 'string') return;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(data.sessionId)) return;
  location.hash = `session=${data.sessionId}`;
}
