import { RDV_HEADER_PREFIX } from '@rdv/contract';
import { STATIC_CSP } from './content-security-policy.ts';
import { ICON_LINK_TAG } from './public-assets.ts';
import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Cookie header → name/value map (first occurrence wins, values URI-decoded when valid). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    const raw = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

/** A header that may arrive as a list: its first value. */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) and what the browser must not pass on to the daemon. */
const DROPPED_REQUEST_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'host',
  'cookie',
  'authorization',
  'cf-access-jwt-assertion',
  'forwarded',
]);

/**
 * The browser's request headers minus credentials and hop-by-hop headers, plus the daemon
 * credentials. Any `x-rdv-*` or `x-forwarded-*` header the browser sent is dropped, so nobody
 * can pick the user id the daemon sees.
 */
export function upstreamHeaders(
  incoming: IncomingHttpHeaders,
  credentials: OutgoingHttpHeaders,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || DROPPED_REQUEST_HEADERS.has(name)) continue;
    if (name.startsWith(RDV_HEADER_PREFIX) || name.startsWith('x-forwarded-') || name.startsWith('cf-'))
      continue;
    out[name] = value;
  }
  return { ...out, host: 'localhost', ...credentials };
}

/**
 * Headers every response carries: no framing (a terminal is a clickjacking target), no referrer,
 * no script (the dashboard page replaces the policy with its own, see content-security-policy.ts).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'content-security-policy': STATIC_CSP,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  title: string,
  bodyHtml: string,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>${ICON_LINK_TAG}
<style>body{font:16px/1.5 system-ui,sans-serif;background:#0f1115;color:#d8dee9;display:grid;place-items:center;min-height:90vh;margin:0}main{max-width:34rem;padding:1.5rem}code{background:#1c2029;padding:.1rem .3rem;border-radius:4px}a{color:#88c0d0}</style></head>
<body><main>${bodyHtml}</main></body></html>`;
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
