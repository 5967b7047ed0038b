import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Stack } from './stack.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request to the web server with exactly these headers: unlike fetch, it can send any
 * `Host` (a DNS-rebinding page's) and forwarded headers.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: url.host, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The login link the web server offers now (a redeemed one is replaced in RDV_HOME). */
export function currentLoginUrl(stack: Stack): string {
  return readFileSync(join(stack.home, 'server/web-login-url'), 'utf8').trim();
}

/** Redeems the current login link as a non-browser client and returns `rdv_session=<value>`. */
export async function loginCookie(stack: Stack): Promise<string> {
  const res = await fetch(currentLoginUrl(stack), { redirect: 'manual' });
  if (res.status !== 200) throw new Error(`login refused: ${res.status}`);
  const cookie = /rdv_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('login set no rdv_session cookie');
  return cookie;
}
