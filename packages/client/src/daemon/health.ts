import { request } from 'node:http';
import type { RouterOutputs } from '@rdv/api';

/** What `GET /health` answers (the `health` procedure). */
export type Health = RouterOutputs['health'];

/** How long one health request may take. @default 2 s */
export const DEFAULT_HEALTH_TIMEOUT_MS = 2_000;

/** An HTTP answer over a unix socket; `body` is the parsed JSON, or null when it is not JSON. */
export interface RawResponse {
  status: number;
  text: string;
  body: unknown;
}

/**
 * One plain HTTP request over a unix socket (node:http, no keep-alive): for the health check,
 * and for what a typed client cannot express (a test's malformed request). Rejects when
 * nothing answers, or after `timeoutMs` when given.
 */
export function rawRequest(
  socketPath: string,
  opts: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers,
        agent: false,
        ...(opts.timeoutMs === undefined ? {} : { timeout: opts.timeoutMs }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, body: parseJson(text) }));
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer on ${socketPath} within ${opts.timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** `GET /health` on api.sock, raw: rejects when nothing answers. */
export function requestHealth(
  apiSocket: string,
  timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS,
): Promise<RawResponse> {
  return rawRequest(apiSocket, { path: '/health', timeoutMs });
}

/** The daemon's health when it answers 200 on `apiSocket`; null otherwise. */
export async function fetchHealth(
  apiSocket: string,
  timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS,
): Promise<Health | null> {
  try {
    const res = await requestHealth(apiSocket, timeoutMs);
    return res.status === 200 && res.body !== null ? (res.body as Health) : null;
  } catch {
    return null;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
