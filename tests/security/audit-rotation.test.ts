// The audit log, service token rotation without downtime, CLI token expiry, and request limits.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditRows, auditText } from '../helpers/audit.ts';
import { apiClient, rawRequest, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { codeOf } from '../helpers/trpc-errors.ts';
import { ownerToken } from '../helpers/users.ts';

const GRACE_SECONDS = 2;

describe('audit log, token rotation and expiry', () => {
  let localUserId: string;
  const fx = useDaemon({ config: `[auth]\nservice_token_grace_seconds = ${GRACE_SECONDS}\n`, env: { SHELL: '/bin/sh' } });
  beforeAll(async () => {
    localUserId = (await fx.api.client.me.get.query()).user.id;
  });

  it('audits sensitive operations with who, what and the outcome', async () => {
    const session = await fx.api.client.sessions.create.mutate({ name: 'audited' });
    await fx.api.client.sessions.close.mutate({ id: session.id });
    expect(await codeOf(fx.api.client.sessions.close.mutate({ id: 'nosuchsession' }))).toBe('NOT_FOUND');
    const token = await fx.api.client.tokens.create.mutate({ name: 'audited-token' });
    await fx.api.client.tokens.revoke.mutate({ id: token.id });

    const me = await fx.api.client.me.get.query();
    const rows = auditRows(fx.home).filter((row) => row.action !== 'auth.authenticate');
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'sessions.create', target: `session:${session.id}`, outcome: 'success', userId: localUserId, tokenId: me.tokenId, tokenKind: 'cli' }),
        expect.objectContaining({ action: 'sessions.close', target: `session:${session.id}`, outcome: 'success' }),
        expect.objectContaining({ action: 'sessions.close', target: 'session:nosuchsession', outcome: 'refused', detail: expect.objectContaining({ code: 'NOT_FOUND' }) }),
        expect.objectContaining({ action: 'tokens.create', target: `token:${token.id}`, outcome: 'success' }),
        expect.objectContaining({ action: 'tokens.revoke', target: `token:${token.id}`, outcome: 'success' }),
      ]),
    );
    // Tokens never reach the log, not even the one just created.
    expect(auditText(fx.home)).not.toContain(token.token);
    expect(auditText(fx.home)).not.toContain(fx.daemon.cliToken());
  });

  it('audits every failed authentication, with the token it named but never the token', async () => {
    const token = await fx.api.client.tokens.create.mutate({ name: 'soon-revoked' });
    await fx.api.client.tokens.revoke.mutate({ id: token.id });
    const revoked = apiClient(fx.daemon, { kind: 'cli', token: token.token });
    expect(await codeOf(revoked.client.me.get.query())).toBe('UNAUTHORIZED');
    await revoked.close();
    const unknown = apiClient(fx.daemon, { kind: 'cli', token: `rdv_${randomBytes(32).toString('base64url')}` });
    expect(await codeOf(unknown.client.me.get.query())).toBe('UNAUTHORIZED');
    await unknown.close();
    await new Promise((r) => setTimeout(r, 200)); // authentication rows are written in the background
    const failures = auditRows(fx.home, 'auth.authenticate').filter((row) => row.outcome === 'failure');
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tokenId: token.id, tokenKind: 'cli', userId: localUserId, detail: expect.objectContaining({ reason: 'revoked_token' }) }),
        expect.objectContaining({ tokenId: null, detail: expect.objectContaining({ reason: 'unknown_token', transport: 'http' }) }),
      ]),
    );
    expect(auditText(fx.home)).not.toContain(token.token);
  });

  it('samples successful authentication: one row per token per minute, not one per call', async () => {
    const user = await ownerToken(fx.daemon, 'sampled');
    const client = apiClient(fx.daemon, { kind: 'cli', token: user.token });
    for (let i = 0; i < 30; i++) await client.client.folders.list.query();
    await client.close();
    await new Promise((r) => setTimeout(r, 200));
    const successes = auditRows(fx.home, 'auth.authenticate').filter((row) => row.tokenId === user.id && row.outcome === 'success');
    expect(successes).toHaveLength(1);
  });

  it('lists the audit rows newest first, paged and filtered', async () => {
    const own = await fx.api.client.audit.list.query({ limit: 200 });
    expect(own.items.length).toBeGreaterThan(3);
    const times = own.items.map((item) => new Date(item.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const page1 = await fx.api.client.audit.list.query({ limit: 2, action: 'sessions' });
    const page2 = await fx.api.client.audit.list.query({ limit: 2, action: 'sessions', cursor: page1.nextCursor! });
    expect(page1.items.every((item) => item.action.startsWith('sessions.'))).toBe(true);
    expect(page2.items.map((item) => item.id)).not.toContain(page1.items[0]!.id);
  });

  it('rotates the service token on demand without failing the web app, then retires the old one', async () => {
    const before = fx.daemon.serviceToken();
    const asWeb = (token: string) => apiClient(fx.daemon, { kind: 'service', token });
    const oldClient = asWeb(before);
    expect(await codeOf(oldClient.client.me.get.query())).toBe('OK');

    // The owner's CLI token may rotate (so may the web app, below).
    const report = await fx.api.client.server.rotateServiceToken.mutate();
    const after = fx.daemon.serviceToken();
    expect(after).not.toBe(before);
    expect(JSON.stringify(report)).not.toContain(after);
    expect(new Date(report.previousValidUntil).getTime() - Date.now()).toBeLessThanOrEqual(GRACE_SECONDS * 1000);

    // Within the grace period both tokens work: in-flight web requests never fail.
    expect(await codeOf(oldClient.client.me.get.query())).toBe('OK');
    const newClient = asWeb(after);
    expect(await codeOf(newClient.client.me.get.query())).toBe('OK');
    await new Promise((r) => setTimeout(r, GRACE_SECONDS * 1000 + 300));
    expect(await codeOf(oldClient.client.me.get.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(newClient.client.me.get.query())).toBe('OK');
    await oldClient.close();
    await newClient.close();

    // The web app itself (service token, no user) may rotate too, e.g. from an admin page.
    const res = await rawRequest(fx.daemon.apiSocket, {
      method: 'POST',
      path: '/server.rotateServiceToken',
      headers: { 'x-rdv-service-token': after, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const rows = auditRows(fx.home, 'server.rotateServiceToken');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ outcome: 'success', userId: localUserId, tokenKind: 'cli' });
    expect(auditText(fx.home)).not.toContain(before);
    expect(auditText(fx.home)).not.toContain(after);
  });

  it('expires a CLI token on demand, and can make one never expire', async () => {
    const token = await fx.api.client.tokens.create.mutate({ name: 'expiring', expiresInSeconds: 3600 });
    const client = apiClient(fx.daemon, { kind: 'cli', token: token.token });
    expect(await codeOf(client.client.me.get.query())).toBe('OK');
    const expired = await fx.api.client.tokens.setExpiry.mutate({ id: token.id, expiresInSeconds: 0 });
    expect(new Date(expired.expiresAt!).getTime()).toBeLessThanOrEqual(Date.now());
    // Refused at once, without waiting for the 2 s verification cache.
    expect(await codeOf(client.client.me.get.query())).toBe('UNAUTHORIZED');
    await client.close();

    const forever = await fx.api.client.tokens.create.mutate({ name: 'forever', expiresInSeconds: 60 });
    expect((await fx.api.client.tokens.setExpiry.mutate({ id: forever.id, expiresInSeconds: null })).expiresAt).toBeNull();
    expect(await codeOf(fx.api.client.tokens.setExpiry.mutate({ id: 'nosuchtoken', expiresInSeconds: 0 }))).toBe('NOT_FOUND');
    expect(auditRows(fx.home, 'tokens.setExpiry').map((row) => row.outcome)).toEqual(['success', 'success', 'refused']);
  });

  it('refuses terminal input over the limit cleanly on both transports', async () => {
    const session = await fx.api.client.sessions.create.mutate({ name: 'big-input' });
    const ws = wsClient(fx.daemon, { kind: 'cli', token: fx.daemon.cliToken() });
    try {
      const tooBig = 'x'.repeat(2 * 1024 * 1024 + 1);
      expect(await codeOf(ws.client.terminal.input.mutate({ sessionId: session.id, data: tooBig }))).toBe('BAD_REQUEST');
      expect(await codeOf(fx.api.client.terminal.input.mutate({ sessionId: session.id, data: tooBig }))).toBe('PAYLOAD_TOO_LARGE');
      // The connection and the session are fine afterwards.
      expect(await codeOf(ws.client.terminal.input.mutate({ sessionId: session.id, data: 'echo ok\r' }))).toBe('OK');
    } finally {
      await ws.close();
    }
  });
});

