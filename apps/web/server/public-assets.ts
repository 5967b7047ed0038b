/**
 * The only paths served without logging in, besides /healthz and /login: the app's icon (it
 * holds no secret, and the "Not logged in" page shows it in the browser's tab). Next.js serves
 * it from app/icon.svg.
 */
export const ICON_PATH = '/icon.svg';
/** Browsers and tools ask for this by habit; it redirects to the icon rather than failing. */
export const FAVICON_PATH = '/favicon.ico';

const PUBLIC_ASSET_PATHS: ReadonlySet<string> = new Set([ICON_PATH]);

/** GET or HEAD: the only methods a public path answers. */
export function isRead(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** True for a read of a path anyone may fetch (exact path; the query string is ignored). */
export function isPublicAsset(method: string | undefined, path: string): boolean {
  return isRead(method) && PUBLIC_ASSET_PATHS.has(path);
}

/** The `<head>` tag that makes a page (also one the web server writes itself) show the icon. */
export const ICON_LINK_TAG = `<link rel="icon" href="${ICON_PATH}" type="image/svg+xml">`;
