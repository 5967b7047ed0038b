// The fleet's names and routes, spelt once for the daemon (hosts.*), the web server (which
// forwards a host's calls through its tunnel), the dashboard and the CLI.

/** A host's name: short, lower-case, safe in a file name, a URL segment and a qualified id (`gpu:3f2a`). */
export const HOST_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const HOST_NAME_RULE =
  'a host name is 1-32 lower-case letters, digits and dashes, starting with a letter or digit';

export function isHostName(value: string): boolean {
  return HOST_NAME_PATTERN.test(value);
}

/**
 * Where the browser reaches a host's rdv on the web server: `/api/hosts/<name>/` followed by what
 * it would ask this machine's (`trpc/<procedure>`, `terminal`, `files/upload`, `files/download`).
 */
export const WEB_HOST_ROUTE_PREFIX = '/api/hosts/';

/** The browser's base path of `host`'s rdv: `/api/hosts/gpu`, or `/api` for this machine (null). */
export function webApiBase(host: string | null): string {
  return host === null ? '/api' : `${WEB_HOST_ROUTE_PREFIX}${host}`;
}

/** `gpu:3f2a…` for a host's session, the bare id for this machine's. */
export function qualifiedSessionId(host: string | null, id: string): string {
  return host === null ? id : `${host}:${id}`;
}

/** The host and bare id of a dashboard session key (`gpu:3f2a` or `3f2a`). */
export function splitSessionKey(key: string): { host: string | null; id: string } {
  const colon = key.indexOf(':');
  if (colon < 0) return { host: null, id: key };
  return { host: key.slice(0, colon), id: key.slice(colon + 1) };
}
