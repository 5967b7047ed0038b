import { describe, expect, it } from 'vitest';
import { apiClient, rawRequest, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { codeOf } from '../helpers/trpc-errors.ts';
import { handOver } from '../helpers/users.ts';

/**
 * A daemon has one owner, the OS account it runs as: nothing creates a second user, and a token
 * of any other user row (an older, multi-user rdv left them) is refused.
 */
describe('one owner per daemon', () => {
  const fx = useDaemon();

  it('has no procedure that makes users: users.ensure is gone, even for the web app', async () => {
    const res = await rawRequest(fx.daemon.apiSocket, {
      method: 'POST',
      path: '/users.ensure',
      headers: { 'content-type': 'application/json', 'x-rdv-service-token': fx.daemon.serviceToken() },
      body: JSON.stringify({ email: 'someone@example.com' }),
    });
    expect(res.status).toBe(404);
    expect(res.body.error.data.code).toBe('NOT_FOUND');
  });

  it("refuses a previous owner's CLI token, and the new owner's works", async () => {
    const next = await handOver(fx.daemon);
    fx.daemon = next.daemon;
    expect(next.owner.userId).not.toBe(next.previous.userId);
    const previous = apiClient(fx.daemon, { kind: 'cli', token: next.previous.token });
    const owner = apiClient(fx.daemon, { kind: 'cli', token: next.owner.token });
    try {
      expect(await codeOf(previous.client.me.get.query())).toBe('UNAUTHORIZED');
      expect((await owner.client.me.get.query()).user.id).toBe(next.owner.userId);
    } finally {
      await Promise.all([previous.close(), owner.close()]);
    }
  });
});

describe("the web app's WebSocket (spliced from the browser untouched)", () => {
  const fx = useDaemon();

  it('carries subscriptions, keys and sizes, and nothing else', async () => {
    const session = await fx.api.client.sessions.create.mutate({ name: 'ws-reach' });
    const web = wsClient(fx.daemon, { kind: 'service', token: fx.daemon.serviceToken() });
    try {
      expect(await codeOf(web.client.terminal.input.mutate({ sessionId: session.id, data: 'true\r' }))).toBe('OK');
      expect(await codeOf(web.client.terminal.resize.mutate({ sessionId: session.id, cols: 90, rows: 30 }))).toBe('OK');
      expect(await codeOf(web.client.tokens.create.mutate({ name: 'from-a-page' }))).toBe('FORBIDDEN');
      expect(await codeOf(web.client.sessions.list.query())).toBe('FORBIDDEN');
      expect(await codeOf(web.client.server.rotateServiceToken.mutate())).toBe('FORBIDDEN');
      // The CLI's token keeps the whole router on the same socket.
      const cli = wsClient(fx.daemon, { kind: 'cli', token: fx.daemon.cliToken() });
      expect(await codeOf(cli.client.sessions.list.query())).toBe('OK');
      await cli.close();
      expect((await fx.api.client.tokens.list.query()).map((t) => t.name)).not.toContain('from-a-page');
    } finally {
      await web.close();
    }
  });
});
