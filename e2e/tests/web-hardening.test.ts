import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestJwks, TEST_AUDIENCE, TEST_TEAM, type TestJwks } from '../helpers/jwks.ts';
import { openShellPage, type ShellPage } from '../helpers/shell-page.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { loginCookie, rawRequest } from '../helpers/web-requests.ts';
import { tryWebSocket } from '../helpers/websocket.ts';

describe('local mode: what reaches the daemon, from which Host', () => {
  let stack: Stack;
  let cookie: string;
  let port: string;
  beforeAll(async () => {
    stack = await startStack();
    cookie = await loginCookie(stack);
    port = new URL(stack.baseUrl).port;
  });
  afterAll(async () => stack.stop());

  it('forwards only the procedures the dashboard uses (users.ensure and tokens.* get 404)', async () => {
    const call = (path: string, method = 'GET') =>
      rawRequest(stack.baseUrl, `/api/trpc/${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json', origin: stack.baseUrl },
        body: method === 'POST' ? JSON.stringify({ email: 'eve@example.com' }) : undefined,
      });
    expect((await call('sessions.list')).status).toBe(200);
    expect((await call('me.get')).status).toBe(200);
    for (const [path, method] of [
      ['users.ensure', 'POST'],
      ['tokens.list', 'GET'],
      ['tokens.create', 'POST'],
      ['audit.list', 'GET'],
      ['sessions.list,tokens.list', 'GET'],
      ['server.stop', 'POST'],
    ] as const) {
      const res = await call(path, method);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('refuses a Host it does not serve (DNS rebinding) with 421, before login or proxying', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const ok = await rawRequest(stack.baseUrl, '/api/trpc/me.get', { headers: { host, cookie } });
      expect({ host, status: ok.status }).toEqual({ host, status: 200 });
    }
    for (const host of [`evil.example:${port}`, 'evil.example', `localhost.evil.example:${port}`]) {
      const api = await rawRequest(stack.baseUrl, '/api/trpc/me.get', {
        headers: { host, cookie },
      });
      expect({ host, status: api.status }).toEqual({ host, status: 421 });
      const page = await rawRequest(stack.baseUrl, '/', {
        headers: { host, cookie, accept: 'text/html' },
      });
      expect(page.status).toBe(421);
      expect(page.body).toContain('not a name this dashboard answers to');
      const login = await rawRequest(stack.baseUrl, `/login?token=${'A'.repeat(32)}`, {
        headers: { host },
      });
      expect(login.status).toBe(421);
      expect(await tryWebSocket(stack.baseUrl, { host, cookie, origin: `http://${host}` })).toEqual(
        { status: 421 },
      );
    }
  });

  // Last in this stack: it runs up the failure backoff of 127.0.0.1.
  it('bad login links do not lock the logged-in owner out (finding 4)', async () => {
    let blocked = false;
    for (let i = 0; i < 15 && !blocked; i += 1) {
      const res = await fetch(`${stack.baseUrl}/login?token=${'B'.repeat(32)}${i}`);
      blocked = res.status === 429;
    }
    // Further login attempts from this address are slowed down...
    expect(blocked).toBe(true);
    // ...but the owner's session, from the same address, is not.
    const api = await fetch(`${stack.baseUrl}/api/trpc/sessions.list`, { headers: { cookie } });
    expect(api.status).toBe(200);
    const page = await fetch(`${stack.baseUrl}/`, { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await tryWebSocket(stack.baseUrl, { cookie, origin: stack.baseUrl })).toEqual({
      status: 101,
    });
  });
});

describe('Cloudflare mode without trusted proxies', () => {
  let stack: Stack;
  let jwks: TestJwks;
  beforeAll(async () => {
    jwks = await startTestJwks();
    stack = await startStack({
      env: { RDV_WEB_AUTH_FREE_FAILURES: '2' },
      configToml: `[web.cloudflare]
team_domain = "${TEST_TEAM}"
audience = "${TEST_AUDIENCE}"
allowed_emails = ["alice@example.com"]
certs_url = "${jwks.certsUrl}"
`,
    });
  });
  afterAll(async () => {
    await stack.stop();
    await jwks.close();
  });

  it('ignores Cf-Connecting-Ip from an untrusted peer: a new fake address per try is no way round the backoff', async () => {
    const forged = await jwks.sign({ email: 'alice@example.com' }, { key: jwks.otherKey });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const res = await fetch(`${stack.baseUrl}/api/trpc/me.get`, {
        headers: {
          'cf-access-jwt-assertion': forged,
          'cf-connecting-ip': `203.0.113.${i + 1}`,
          'x-forwarded-for': `198.51.100.${i + 1}`,
        },
      });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
    // The owner, with a valid token from the same (backing-off) address, still gets in.
    const token = await jwks.sign({ email: 'alice@example.com' });
    const ok = await fetch(`${stack.baseUrl}/api/trpc/me.get`, {
      headers: { 'cf-access-jwt-assertion': token },
    });
    expect(ok.status).toBe(200);
  });
});

describe('Content-Security-Policy in a real Chromium', () => {
  let shell: ShellPage;
  const consoleErrors: string[] = [];
  beforeAll(async () => {
    shell = await openShellPage({
      beforeLogin: async (context) => {
        await context.addInitScript(() => {
          const seen: string[] = [];
          (window as unknown as { __csp: string[] }).__csp = seen;
          document.addEventListener('securitypolicyviolation', (event) =>
            seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
          );
        });
        context.on('console', (message) => {
          if (message.type() === 'error') consoleErrors.push(message.text());
        });
      },
    });
  });
  afterAll(async () => shell?.close());

  const violations = () =>
    shell.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

  it('sends a script-src with a fresh nonce per page, and the dashboard runs under it', async () => {
    const first = await fetch(shell.stack.baseUrl, {
      headers: { cookie: await shell.context.cookies().then(cookieHeader) },
    });
    const second = await fetch(shell.stack.baseUrl, {
      headers: { cookie: await shell.context.cookies().then(cookieHeader) },
    });
    const csp = first.headers.get('content-security-policy') ?? '';
    const nonce = /script-src [^;]*'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(await first.text()).toContain(`nonce="${nonce}"`);
    expect(second.headers.get('content-security-policy')).not.toBe(csp);

    // The page loaded, its shell answers, and nothing was blocked on the way.
    await shell.page.keyboard.type('echo csp-ok-$((6*7))\n');
    await shell.page.waitForFunction(
      (id) => window.__rdv?.text(id).includes('csp-ok-42') ?? false,
      shell.sessionId,
      { timeout: 20_000 },
    );
    expect(await violations()).toEqual([]);
    expect(consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
  });

  it('blocks an injected inline script', async () => {
    const ran = await shell.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    expect((await violations()).some((v) => v.startsWith('script-src'))).toBe(true);
  });
});

function cookieHeader(cookies: Array<{ name: string; value: string }>): string {
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
