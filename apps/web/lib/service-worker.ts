/** The dashboard's service worker (public/sw.js): app-shell cache now, Web Push later. */
export const SERVICE_WORKER_URL = '/sw.js';

/**
 * Registers the service worker that makes the dashboard installable and open offline. Skipped
 * where browsers refuse one (plain http on a non-local host) and in `next dev`, whose
 * unhashed chunks a cache would serve stale.
 */
export function registerServiceWorker(): void {
  if (process.env.NODE_ENV !== 'production') return;
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' }).catch((error: unknown) => {
    // The dashboard works without it; only installing and offline start are lost.
    console.warn('rdv: service worker not registered:', error);
  });
}
