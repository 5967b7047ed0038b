import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext } from '../helpers/browser.ts';
import { startTestJwks, TEST_AUDIENCE, TEST_TEAM, type TestJwks } from '../helpers/jwks.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { currentLoginUrl, loginCookie } from '../helpers/web-requests.ts';
import { tryWebSocket } from '../helpers/websocket.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe('local mode: the one-time login URL', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack.stop());

  it('prints the login URL on a line of its own', () => {
    expect(stack.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?token=[A-Za-z0-9_-]{32}$/);
    expect(stack.output()).toContain(`\n${stack.loginUrl}\n`);
  });

  it('without the cookie: 401 for the page and the API, and the WebSocket is refused', async () => {
    const page = await fetch(`${stack.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('Not logged in');

    const api = await fetch(`${stack.baseUrl}/api/trpc/sessions.list`);
    expect(api.status).toBe(401);
    const forged = await fetch(`${stack.baseUrl}/api/trpc/sessions.list`, {
      headers: { cookie: 'rdv_session=v1.9999999999.abc.def' },
    });
    expect(forged.status).toBe(401);

    expect(await tryWebSocket(stack.baseUrl, { origin: stack.baseUrl })).toEqual({ status: 401 });

    const context = await newContext(browser);
    const response = await (await context.newPage()).goto(stack.baseUrl);
    expect(response?.status()).toBe(401);
    await context.close();
  });

  it('logs in through the URL (http-only, SameSite=Strict cookie); the link works once', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(stack.loginUrl!);
    await page.waitForURL(`${stack.baseUrl}/`);
    await page.getByRole('button', { name: 'All sessions' }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'rdv_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    const again = await newContext(browser);
    const reuse = await (await again.newPage()).goto(stack.loginUrl!);
    expect(reuse?.status()).toBe(401);
    await again.close();

    // The next link (for another browser) is in RDV_HOME, never on stdout again.
    const next = readFileSync(join(stack.home, 'server/web-login-url'), 'utf8').trim();
    expect(next).not.toBe(stack.loginUrl);
    expect(stack.output()).not.toContain(next);
    const other = await newContext(browser);
    const ok = await (await other.newPage()).goto(next);
    expect(ok?.status()).toBe(200);
    await other.close();

    // With the cookie: the WebSocket opens from the page's origin, never from another one.
    const cookieHeader = `rdv_session=${cookie!.value}`;
    expect(
      await tryWebSocket(stack.baseUrl, { cookie: cookieHeader, origin: stack.baseUrl }),
    ).toEqual({ status: 101 });
    expect(
      await tryWebSocket(stack.baseUrl, { cookie: cookieHeader, origin: 'http://evil.example' }),
    ).toEqual({ status: 403 });
    expect(await tryWebSocket(stack.baseUrl, { cookie: cookieHeader })).toEqual({ status: 403 });

    // The browser's own credentials never reach the daemon: the proxy sends the service token.
    const me = await fetch(`${stack.baseUrl}/api/trpc/me.get`, {
      headers: {
        cookie: cookieHeader,
        'x-rdv-user-id': 'someone-else',
        authorization: 'Bearer rdv_forged',
      },
    });
    const body = (await me.json()) as {
      result: { data: { tokenKind: string; user: { username: string } } };
    };
    expect(body.result.data.tokenKind).toBe('service');
    expect(body.result.data.user.username).not.toBe('someone-else');
    await context.close();
  });

  it('logging out revokes the cookie on the server, not only in the browser (finding 11)', async () => {
    const cookie = await loginCookie(stack);
    const other = await loginCookie(stack);
    const me = (c: string) => fetch(`${stack.baseUrl}/api/trpc/me.get`, { headers: { cookie: c } });
    expect((await me(cookie)).status).toBe(200);
    const out = await fetch(`${stack.baseUrl}/logout`, {
      method: 'POST',
      headers: { cookie, origin: stack.baseUrl },
    });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^rdv_session=;.*Max-Age=0/);
    // A copy of the cookie kept from before (another tab, a stolen value) no longer works...
    expect((await me(cookie)).status).toBe(401);
    expect(await tryWebSocket(stack.baseUrl, { cookie, origin: stack.baseUrl })).toEqual({
      status: 401,
    });
    // ...while another browser's session goes on.
    expect((await me(other)).status).toBe(200);
  });

  it('"Log out everywhere" in Settings ends every session issued before it', async () => {
    const elsewhere = await loginCookie(stack);
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(currentLoginUrl(stack));
    await page.waitForURL(`${stack.baseUrl}/`);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const account = page.getByRole('region', { name: 'Account' });
    await expect.poll(() => account.textContent()).toContain('local login');
    page.once('dialog', (dialog) => void dialog.accept());
    await account.getByRole('button', { name: 'Log out everywhere' }).click();
    await page.getByRole('heading', { name: 'Not logged in' }).waitFor();
    const me = await fetch(`${stack.baseUrl}/api/trpc/me.get`, {
      headers: { cookie: elsewhere },
    });
    expect(me.status).toBe(401);
    await context.close();
    // A new login afterwards works.
    const fresh = await loginCookie(stack);
    const after = await fetch(`${stack.baseUrl}/api/trpc/me.get`, { headers: { cookie: fresh } });
    expect(after.status).toBe(200);
  });

  // Last in this stack: it leaves 127.0.0.1 blocked for a while.
  it('answers 429 with Retry-After to repeated bad login tokens, before checking them', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12 && retryAfter === null; i += 1) {
      const res = await fetch(`${stack.baseUrl}/login?token=${'A'.repeat(32)}${i}`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // While blocked, even a valid link is refused and nothing reaches the daemon.
    const next = readFileSync(join(stack.home, 'server/web-login-url'), 'utf8').trim();
    expect((await fetch(next)).status).toBe(429);
  });
});

describe('Cloudflare Access mode', () => {
  let stack: Stack;
  let jwks: TestJwks;
  beforeAll(async () => {
    jwks = await startTestJwks();
    stack = await startStack({
      // The test below presents 30 bad tokens from one address on purpose.
      env: { RDV_WEB_AUTH_FREE_FAILURES: '1000' },
      configToml: `[web.cloudflare]
team_domain = "${TEST_TEAM}"
audience = "${TEST_AUDIENCE}"
allowed_emails = ["alice@example.com", "*@team.example"]
certs_url = "${jwks.certsUrl}"
`,
    });
  });
  afterAll(async () => {
    await stack.stop();
    await jwks.close();
  });

  const me = (headers: Record<string, string>) =>
    fetch(`${stack.baseUrl}/api/trpc/me.get`, { headers });

  it('prints no login URL', () => {
    expect(stack.loginUrl).toBeNull();
    expect(stack.output()).toContain('Cloudflare Access');
  });

  it('lets every allowed email in as the one owner (one owner per daemon)', async () => {
    const token = await jwks.sign({ email: 'Alice@Example.com' });
    const res = await me({ 'cf-access-jwt-assertion': token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      result: { data: { user: { id: string } } };
    };
    const owner = await stack.call<{ user: { id: string } }>('query', 'me.get');
    expect(body.result.data.user.id).toBe(owner.user.id);
    // The same person again (by cookie this time) is the same user.
    const again = (await (await me({ cookie: `CF_Authorization=${token}` })).json()) as typeof body;
    expect(again.result.data.user.id).toBe(owner.user.id);
    // A domain entry lets a colleague in, as the owner too: both see the same sessions.
    const bobToken = await jwks.sign({ email: 'bob@team.example' });
    const colleague = (await (
      await me({ 'cf-access-jwt-assertion': bobToken })
    ).json()) as typeof body;
    expect(colleague.result.data.user.id).toBe(owner.user.id);
    const created = await fetch(`${stack.baseUrl}/api/trpc/sessions.create`, {
      method: 'POST',
      headers: {
        'cf-access-jwt-assertion': token,
        'content-type': 'application/json',
        origin: stack.baseUrl,
      },
      body: JSON.stringify({ name: 'alices-shell', kind: 'shell' }),
    });
    expect(created.status).toBe(200);
    const bobSees = (await (
      await fetch(`${stack.baseUrl}/api/trpc/sessions.list`, {
        headers: { 'cf-access-jwt-assertion': bobToken },
      })
    ).json()) as { result: { data: Array<{ name: string }> } };
    expect(bobSees.result.data.map((s) => s.name)).toContain('alices-shell');
    // The dashboard shows who signed in (for display only).
    const account = (await (
      await fetch(`${stack.baseUrl}/api/account`, {
        headers: { 'cf-access-jwt-assertion': bobToken },
      })
    ).json()) as { mode: string; label: string };
    expect(account).toEqual({ mode: 'cloudflare', label: 'bob@team.example' });

    // The browser, with Cloudflare's cookie, gets the dashboard and its WebSocket.
    const context = await newContext(browser);
    await context.addCookies([{ name: 'CF_Authorization', value: token, url: stack.baseUrl }]);
    const page = await context.newPage();
    expect((await page.goto(stack.baseUrl))?.status()).toBe(200);
    await page.getByRole('button', { name: 'All sessions' }).waitFor();
    await context.close();
    expect(
      await tryWebSocket(stack.baseUrl, {
        'cf-access-jwt-assertion': token,
        origin: stack.baseUrl,
      }),
    ).toEqual({ status: 101 });
  });

  it('answers 401 to forged, expired, foreign and disallowed tokens, and proxies nothing', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = {
      none: '',
      garbage: 'not.a.jwt',
      forged: await jwks.sign({ email: 'alice@example.com' }, { key: jwks.otherKey }),
      unknownKey: await jwks.sign(
        { email: 'alice@example.com' },
        { key: jwks.otherKey, kid: 'someone-elses' },
      ),
      expired: await jwks.sign({ email: 'alice@example.com', exp: now - 60, iat: now - 600 }),
      wrongAudience: await jwks.sign({ email: 'alice@example.com', aud: 'another-app' }),
      wrongIssuer: await jwks.sign({
        email: 'alice@example.com',
        iss: 'https://evil.cloudflareaccess.com',
      }),
      notAllowed: await jwks.sign({ email: 'mallory@example.com' }),
      noEmail: await jwks.sign({ sub: 'service-token' }),
      unsigned: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ email: 'alice@example.com', iss: `https://${TEST_TEAM}.cloudflareaccess.com`, aud: TEST_AUDIENCE, exp: now + 600 })).toString('base64url')}.`,
    };
    for (const [what, token] of Object.entries(bad)) {
      const headers: Record<string, string> = token ? { 'cf-access-jwt-assertion': token } : {};
      const res = await me(headers);
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      const body = (await res.json()) as { result?: unknown };
      expect(body.result).toBeUndefined();
      const page = await fetch(`${stack.baseUrl}/`, {
        headers: { ...headers, accept: 'text/html' },
      });
      expect({ what, page: page.status }).toEqual({ what, page: 401 });
      expect(await tryWebSocket(stack.baseUrl, { ...headers, origin: stack.baseUrl })).toEqual({
        status: 401,
      });
    }
  });
});
