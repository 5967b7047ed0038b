// Rate limits, failed-authentication backoff and subscription caps, against a real daemon with
// small budgets: refusals are TOO_MANY_REQUESTS with a retry-after (message, data, Retry-After).
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { apiClient, cliClient, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { callProcedure, outcomeOf } from '../helpers/procedures.ts';
import { codeOf } from '../helpers/trpc-errors.ts';
import { ownerToken } from '../helpers/users.ts';

function getWithHeaders(socketPath: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }>((resolve, reject) => {
    // agent: false: a new connection for every request.
    const req = request({ socketPath, path, method: 'GET', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('rate limits', () => {
  const fx = useDaemon({
    config: `[limits]
calls_per_second = 1
calls_burst = 5
expensive_per_second = 0.2
expensive_burst = 2
terminal_per_second = 1000
terminal_burst = 2000
max_subscriptions_per_token = 3
auth_free_failures = 3
auth_backoff_max_seconds = 4
`,
    env: { SHELL: '/bin/sh' },
  });

  it('refuses ordinary calls past the budget with TOO_MANY_REQUESTS and a retry-after, per token', async () => {
    const user = await ownerToken(fx.daemon, 'limited');
    const api = apiClient(fx.daemon, { kind: 'cli', token: user.token });
    const codes: string[] = [];
    let refusal: ReturnType<typeof outcomeOf> | undefined;
    for (let i = 0; i < 8; i++) {
      try {
        await api.client.folders.list.query();
        codes.push('OK');
      } catch (error) {
        refusal ??= outcomeOf(error);
        codes.push(outcomeOf(error).code);
      }
    }
    await api.close();
    expect(codes.slice(0, 5)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(codes.slice(5)).toContain('TOO_MANY_REQUESTS');
    expect(refusal?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refusal?.text).toMatch(/too many calls with this token \(folders\.list\); retry after \d+ s/);

    // Over plain HTTP, the wait is a Retry-After header too.
    const raw = await getWithHeaders(fx.daemon.apiSocket, '/folders.list', { authorization: `Bearer ${user.token}` });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(raw.body.error.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });

    // Another token has its own budget.
    const other = await ownerToken(fx.daemon, 'unaffected');
    const otherApi = apiClient(fx.daemon, { kind: 'cli', token: other.token });
    expect(await codeOf(otherApi.client.folders.list.query())).toBe('OK');
    await otherApi.close();
  });

  it('keeps typing out of the ordinary budget, and meters expensive calls separately', async () => {
    const user = await ownerToken(fx.daemon, 'typist');
    const api = apiClient(fx.daemon, { kind: 'cli', token: user.token });
    const ws = wsClient(fx.daemon, { kind: 'cli', token: user.token });
    try {
      const first = await api.client.sessions.create.mutate({ name: 'a' });
      await api.client.sessions.create.mutate({ name: 'b' });
      const third = await api.client.sessions.create.mutate({ name: 'c' }).catch((error: unknown) => outcomeOf(error));
      expect(third).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      expect((third as { text: string }).text).toMatch(/too many expensive calls/);
      // The ordinary budget is spent too (5 calls), yet 300 keystrokes go through.
      while ((await codeOf(api.client.folders.list.query())) === 'OK');
      for (let i = 0; i < 300; i++) await ws.client.terminal.input.mutate({ sessionId: first.id, data: 'x' });
    } finally {
      await api.close();
      await ws.close();
    }
  });

  it('backs off the socket after repeated failed authentication, exponentially', async () => {
    const bad = apiClient(fx.daemon, { kind: 'cli', token: `rdv_${'A'.repeat(43)}` });
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push(await codeOf(bad.client.me.get.query()));
    // 3 free failures, the 4th sets a 1 s wait, then refused without checking the token.
    expect(codes.slice(0, 4)).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED']);
    expect(codes.slice(4)).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await codeOf(bad.client.me.get.query())).toBe('UNAUTHORIZED');
    const doubled = await bad.client.me.get.query().catch((error: unknown) => outcomeOf(error));
    expect(doubled).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 2 });
    await bad.close();
    // A valid token is never slowed by the backoff.
    const good = cliClient(fx.daemon);
    expect(await codeOf(good.client.me.get.query())).toBe('OK');
    await good.close();
  });

  it('a forged service token cannot pick its own backoff key with a client address', async () => {
    // Only the real service token makes the daemon believe X-RDV-Client-Address; with a forged
    // one the socket is the key, and it is still backed off from the previous test's failures.
    const forged: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await getWithHeaders(fx.daemon.apiSocket, '/me.get', {
        'x-rdv-service-token': 'not-the-service-token',
        'x-rdv-client-address': `198.51.100.${i + 1}`,
      });
      forged.push(res.body.error.data.code as string);
    }
    expect(forged).toContain('TOO_MANY_REQUESTS');
  });

  it('caps open subscriptions per token, and frees a slot when one ends', async () => {
    const user = await ownerToken(fx.daemon, 'watcher');
    const ws = wsClient(fx.daemon, { kind: 'cli', token: user.token });
    const http = apiClient(fx.daemon, { kind: 'cli', token: user.token });
    try {
      const subscriptions = [1, 2, 3].map(() =>
        ws.client.orchestrators.onStatus.subscribe(undefined, { onData: () => undefined }),
      );
      await new Promise((r) => setTimeout(r, 300));
      const fourth = await callProcedure({ http: http.client, ws: ws.client }, { path: 'orchestrators.onStatus', type: 'subscription' }, undefined, 500);
      expect(fourth.code).toBe('TOO_MANY_REQUESTS');
      expect(fourth.text).toMatch(/too many open subscriptions/);
      subscriptions[0]!.unsubscribe();
      await new Promise((r) => setTimeout(r, 1_100)); // the ordinary budget refills too
      const again = await callProcedure({ http: http.client, ws: ws.client }, { path: 'orchestrators.onStatus', type: 'subscription' }, undefined, 500);
      expect(again.code).toBe('OK');
      for (const subscription of subscriptions) subscription.unsubscribe();
    } finally {
      await ws.close();
      await http.close();
    }
  });
});
