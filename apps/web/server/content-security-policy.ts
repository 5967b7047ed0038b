import { randomBytes } from 'node:crypto';

/**
 * For responses that run no script at all (JSON, the login and error pages): nothing may run,
 * nothing may frame them.
 */
export const STATIC_CSP =
  "script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** A fresh nonce per dashboard page: 128 random bits. */
export function newScriptNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The dashboard page's policy: scripts from this origin (Next.js's chunks) and inline scripts
 * that carry this response's nonce (Next.js's bootstrap and flight data); an injected inline
 * script has no nonce and does not run. Next.js reads the nonce from the request's own
 * `Content-Security-Policy` header and puts it on every script tag it renders. Development mode
 * (hot reload, React's debugging) needs eval.
 */
export function dashboardCsp(nonce: string, opts: { dev: boolean }): string {
  const eval_ = opts.dev ? " 'unsafe-eval'" : '';
  return [
    `script-src 'self' 'nonce-${nonce}'${eval_}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
