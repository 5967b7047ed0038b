import type { IncomingMessage } from 'node:http';
import { single } from './http-utils.ts';

/**
 * Cross-site request check: the `Origin` a browser sends must name the host it is talking to.
 * WebSocket upgrades must carry one (browsers always do; the WebSocket API has no CORS, so
 * this check is all that stops another site from opening a terminal with your cookie).
 * Other state-changing requests are checked when they carry one.
 */
export function originAllowed(
  req: IncomingMessage,
  opts: {
    required: boolean;
    /** `X-Forwarded-Host`, when a trusted proxy sent it (see TrustedProxies). */
    forwardedHost: string | undefined;
  },
): boolean {
  const origin = single(req.headers.origin);
  if (origin === undefined) return !opts.required;
  const hosts = [single(req.headers.host), opts.forwardedHost];
  let originHost: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    originHost = url.host.toLowerCase();
  } catch {
    return false;
  }
  return hosts.some((host) => host !== undefined && host.toLowerCase() === originHost);
}

/** Methods that only read; everything else is checked for a cross-site Origin. */
export function isSafeMethod(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
