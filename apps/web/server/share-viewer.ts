import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { SHARE_PAGE_PATH } from '@rdv/contract';
import { ICON_LINK_TAG } from './public-assets.ts';
import { SHARE_ASSET_PREFIX } from './share-paths.ts';

export { SHARE_ASSET_PREFIX, SHARE_TERMINAL_PATH } from './share-paths.ts';
export { SHARE_PAGE_PATH };

/** The viewer's files (built by build-server.mjs into dist/share/), by exact name only. */
const SHARE_ASSETS: Readonly<Record<string, string>> = {
  'viewer.js': 'text/javascript; charset=utf-8',
  'viewer.css': 'text/css; charset=utf-8',
  'xterm.css': 'text/css; charset=utf-8',
};
const ASSET_DIR = new URL('./share/', import.meta.url);

/**
 * The share page's policy: its own script only (no inline script at all), its WebSocket to this
 * origin, nothing framed. Styles are not restricted: xterm.js writes its own style elements.
 */
export const SHARE_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** True for the share page or one of its files (GET or HEAD only). */
export function isShareRoute(method: string | undefined, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return path === SHARE_PAGE_PATH || (path.startsWith(SHARE_ASSET_PREFIX) && Object.hasOwn(SHARE_ASSETS, path.slice(SHARE_ASSET_PREFIX.length)));
}

/**
 * Serves the page a share link opens, or one of its files. The page holds nothing about the
 * session: the viewer's script reads the secret from the URL fragment and asks the daemon.
 */
export async function serveShareRoute(path: string, res: ServerResponse): Promise<void> {
  if (path === SHARE_PAGE_PATH) return sendSharePage(res);
  const name = path.slice(SHARE_ASSET_PREFIX.length);
  const type = SHARE_ASSETS[name] ?? 'application/octet-stream';
  let body: Buffer;
  try {
    body = await readFile(new URL(name, ASSET_DIR));
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('the share viewer is not built; run npm run -w @rdv/web build\n');
    return;
  }
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', 'content-length': body.length });
  res.end(body);
}

function sendSharePage(res: ServerResponse): void {
  const text = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>Shared terminal (read-only)</title>${ICON_LINK_TAG}
<link rel="stylesheet" href="${SHARE_ASSET_PREFIX}xterm.css"><link rel="stylesheet" href="${SHARE_ASSET_PREFIX}viewer.css">
<script type="module" src="${SHARE_ASSET_PREFIX}viewer.js"></script></head>
<body><header><h1 id="session">Shared terminal</h1><p id="details"></p><span class="badge">read-only</span></header>
<div id="status" role="status" aria-live="polite" data-state="connecting">Connecting…</div>
<main id="screen" aria-label="Shared terminal, read-only"><div id="terminal"></div></main></body></html>`;
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': SHARE_PAGE_CSP,
    'referrer-policy': 'no-referrer',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
