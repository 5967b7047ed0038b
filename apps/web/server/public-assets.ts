/**
 * Files served without login: what a browser fetches to show a favicon on the login page and to
 * install the dashboard as an app (the manifest is fetched without cookies unless the page asks
 * otherwise, and icons often are). They are static and hold nothing about the user or the
 * daemon. Exact paths only: no prefix, so nothing else of the app leaks out by accident.
 */
export const PUBLIC_ASSET_PATHS: ReadonlySet<string> = new Set([
  '/favicon.ico',
  '/icon.svg',
  '/apple-icon.png',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
  // The service worker: the browser re-fetches it to update, logged in or not.
  '/sw.js',
]);

/** True for a GET or HEAD of one of PUBLIC_ASSET_PATHS (`path` without its query). */
export function isPublicAsset(method: string | undefined, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && PUBLIC_ASSET_PATHS.has(path);
}

/** The icon every page links, also pages the web server writes itself (login errors). */
export const ICON_LINK_TAG = '<link rel="icon" href="/icon.svg" type="image/svg+xml">';
