import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DaemonLink } from './daemon-link.ts';
import { HostAllowlist } from './host-allowlist.ts';
import { LocalAuth } from './local-auth.ts';
import { SessionRevocations } from './session-revocations.ts';
import { SHARE_PAGE_CSP } from './share-viewer.ts';
import { upgrade } from './upgrade-probe.test-support.ts';
import { createWebServer } from './web-server.ts';

let server: Server | undefined;
let terminal: NetServer | undefined;
let home: string | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await new Promise((resolve) => terminal?.close(resolve));
  server = terminal = undefined;
  if (home) rmSync(home, { recursive: true, force: true });
});

/** A web server whose terminal.sock records the first request it is sent. */
async function start() {
  home = mkdtempSync(join(tmpdir(), 'rdv-web-share-'));
  const terminalSocket = join(home, 'terminal.sock');
  let upstream = '';
  // Records the request, then hangs up: the web server closes the browser's side in turn.
  terminal = createNetServer((socket) =>
    socket.once('data', (data) => {
      upstream = data.toString('latin1');
      socket.destroy();
    }),
  );
  await new Promise<void>((resolve) => terminal!.listen(terminalSocket, resolve));
  const auth = new LocalAuth({ secret: Buffer.alloc(32, 7) });
  let rendered = 0;
  let port = 0;
  server = createWebServer({
    auth,
    daemon: {
      credentialsFor: () => ({ 'x-rdv-service-token': 'SERVICE' }),
    } as unknown as DaemonLink,
    revocations: SessionRevocations.load(join(home, 'revocations.json')),
    hosts: new HostAllowlist({ port: () => port, allowed: [] }),
    apiSocket: '/nonexistent/api.sock',
    terminalSocket,
    websocketCompression: false,
    next: async (_req, res) => {
      rendered += 1;
      res.end('dashboard');
    },
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const cookie = auth.sessionCookie({ secure: false }).split(';')[0]!;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    cookie,
    rendered: () => rendered,
    upstream: () => upstream,
  };
}

describe('the share page and its WebSocket', () => {
  it('serves /share without login, with its own strict policy, no referrer and no cookie', async () => {
    const web = await start();
    const page = await fetch(`${web.base}/share`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(SHARE_PAGE_CSP);
    expect(SHARE_PAGE_CSP).toContain("script-src 'self'");
    expect(SHARE_PAGE_CSP).not.toContain('unsafe-eval');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('set-cookie')).toBeNull();
    const html = await page.text();
    expect(html).toContain('/share/viewer.js');
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script
    expect(web.rendered()).toBe(0);
  });

  it("keeps everything else behind login: other names under /share/ are not the viewer's files", async () => {
    const web = await start();
    for (const path of ['/share/constructor', '/share/../api/trpc', '/share/x.js', '/share/']) {
      expect({ path, status: (await fetch(`${web.base}${path}`)).status }).toEqual({
        path,
        status: 401,
      });
    }
    expect((await fetch(`${web.base}/share`, { method: 'POST' })).status).toBe(401);
  });

  it("forwards a viewer's WebSocket with none of the owner's credentials, marked as a viewer's", async () => {
    const web = await start();
    // Even a logged-in browser's cookie and a forged service token do not reach the daemon.
    const result = await upgrade(web.port, '/api/share-terminal', {
      origin: web.base,
      cookie: web.cookie,
      'x-rdv-service-token': 'FORGED',
      authorization: 'Bearer rdv_forged',
    });
    expect(result).toBe('forwarded');
    const sent = web.upstream().toLowerCase();
    expect(sent).toContain('x-rdv-share-viewer: 1');
    expect(sent).toContain('x-rdv-client-address: 127.0.0.1');
    expect(sent).not.toContain('cookie');
    expect(sent).not.toContain('x-rdv-service-token');
    expect(sent).not.toContain('authorization');
  });

  it("refuses a viewer's WebSocket from another site", async () => {
    const web = await start();
    expect(await upgrade(web.port, '/api/share-terminal', { origin: 'https://evil.example' })).toBe(
      403,
    );
    expect(web.upstream()).toBe('');
  });
});
