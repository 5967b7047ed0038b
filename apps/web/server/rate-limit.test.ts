import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DaemonLink } from './daemon-link.ts';
import { HostAllowlist } from './host-allowlist.ts';
import { LocalAuth } from './local-auth.ts';
import { ClientLimiter } from './rate-limit.ts';
import { SessionRevocations } from './session-revocations.ts';
import { createWebServer } from './web-server.ts';

let server: Server | undefined;
let home: string | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  if (home) rmSync(home, { recursive: true, force: true });
});

async function start(limiter: ClientLimiter) {
  const auth = new LocalAuth({ secret: Buffer.alloc(32, 7) });
  home = mkdtempSync(join(tmpdir(), 'rdv-web-limits-'));
  let rendered = 0;
  let port = 0;
  server = createWebServer({
    auth,
    daemon: {} as DaemonLink,
    revocations: SessionRevocations.load(join(home, 'revocations.json')),
    hosts: new HostAllowlist({ port: () => port, allowed: [] }),
    apiSocket: '/nonexistent/api.sock',
    terminalSocket: '/nonexistent/terminal.sock',
    websocketCompression: false,
    limiter,
    next: async (_req, res) => {
      rendered += 1;
      res.end('dashboard');
    },
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const cookie = auth.sessionCookie({ secure: false }).split(';')[0]!;
  return { auth, base, cookie, rendered: () => rendered };
}

describe('rate limits of the web server', () => {
  it('answers 429 with Retry-After once a session has spent its burst, and renders nothing more', async () => {
    let now = 1_000_000;
    const web = await start(
      new ClientLimiter({ requests: { burst: 3, perSecond: 1 }, now: () => now }),
    );
    for (let i = 0; i < 3; i += 1) {
      expect((await fetch(`${web.base}/`, { headers: { cookie: web.cookie } })).status).toBe(200);
    }
    const refused = await fetch(`${web.base}/`, { headers: { cookie: web.cookie } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(web.rendered()).toBe(3);
    // Health checks are never limited.
    expect((await fetch(`${web.base}/healthz`)).status).toBe(200);
    now += 1_000;
    expect((await fetch(`${web.base}/`, { headers: { cookie: web.cookie } })).status).toBe(200);
  });

  it('backs off failed logins exponentially, before checking the token', async () => {
    let now = 1_000_000;
    const web = await start(
      new ClientLimiter({
        authBackoff: { freeFailures: 2, baseMs: 4_000, maxMs: 60_000, resetAfterMs: 600_000 },
        now: () => now,
      }),
    );
    const login = (token: string) => fetch(`${web.base}/login?token=${token}`);
    const bad = 'x'.repeat(32);
    expect((await login(bad)).status).toBe(401);
    expect((await login(bad)).status).toBe(401);
    expect((await login(bad)).status).toBe(401); // the third failure starts a 4 s wait
    const good = web.auth.issueLoginToken();
    const blocked = await login(good);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('4');
    // A forged cookie counts as a failed attempt too, and is refused while blocked...
    expect(
      (await fetch(`${web.base}/`, { headers: { cookie: 'rdv_session=v2.1.1.a.b' } })).status,
    ).toBe(429);
    // ...but a valid session from the same address is not held up (finding 4).
    expect((await fetch(`${web.base}/`, { headers: { cookie: web.cookie } })).status).toBe(200);

    now += 4_000;
    expect((await login(bad)).status).toBe(401); // the fourth: 8 s
    now += 7_000;
    expect((await login(good)).headers.get('retry-after')).toBe('1');
    now += 1_000;
    expect((await login(good)).status).toBe(200);
    // Success starts the address over.
    expect((await login(bad)).status).toBe(401);
    expect(web.rendered()).toBe(1);
  });

  it('counts a stale session cookie as a failure and clears it; no cookie is no attempt', async () => {
    const limiter = new ClientLimiter();
    const web = await start(limiter);
    const noCookie = await fetch(`${web.base}/`);
    expect(noCookie.status).toBe(401);
    expect(noCookie.headers.get('set-cookie')).toBeNull();
    const stale = await fetch(`${web.base}/`, { headers: { cookie: 'rdv_session=v2.1.1.a.b' } });
    expect(stale.status).toBe(401);
    expect(stale.headers.get('set-cookie')).toMatch(/^rdv_session=;.*Max-Age=0/);
  });
});
