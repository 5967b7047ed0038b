// The audit log, service token rotation without downtime, CLI token expiry, and request limits.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, auditText } from '../helpers/audit.ts';
import { apiClient, cleanupHome, cliClient, makeHome, rawRequest, startDaemon, writeConfig, wsClient, type DaemonProcess } from '../helpers/daemon.ts';
import { outcomeOf } from '../helpers/procedures.ts';
import { ownerToken } from '../helpers/users.ts';

const GRACE_SECONDS = 2;

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return outcomeOf(error).code;
  }
};

describe('audit log, token rotation and expiry', () => {
  let daemon: DaemonProcess;
  let api: ReturnType<typeof cliClient>;
  let localUserId: string;
  beforeAll(async () => {
    const home = makeHome();
    writeConfig(home, `[auth]\nservice_token_grace_seconds = ${GRACE_SECONDS}\n`);
    daemon = await startDaemon(home, { SHELL: '/bin/sh' });
    api = cliClient(daemon);
    localUserId = (await api.client.me.get.query()).user.id;
  });
  afterAll(async () => {
    await api?.close();
    await daemon?.stop();
    if (daemon) cleanupHome(daemon.home);
  });

  it('audits sensitive operations with who, what and the outcome', async () => {
    const session = await api.client.sessions.create.mutate({ name: 'audited' });
    await api.client.sessions.close.mutate({ id: session.id });
    expect(await codeOf(api.client.sessions.close.mutate({ id: 'nosuchsession' }))).toBe('NOT_FOUND');
    const token = await api.client.tokens.create.mutate({ name: 'audited-token' });
    await api.client.tokens.revoke.mutate({ id: token.id });

    const me = await api.client.me.get.query();
    const rows = auditRows(daemon.home).filter((row) => row.action !== 'auth.authenticate');
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
    expect(auditText(daemon.home)).not.toContain(token.token);
    expect(auditText(daemon.home)).not.toContain(daemon.cliToken());
  });

  it('audits every failed authentication, with the token it named but never the token', async () => {
    const token = await api.client.tokens.create.mutate({ name: 'soon-revoked' });
    await api.client.tokens.revoke.mutate({ id: token.id });
    const revoked = apiClient(daemon, { kind: 'cli', token: token.token });
    expect(await codeOf(revoked.client.me.get.query())).toBe('UNAUTHORIZED');
    await revoked.close();
    const unknown = apiClient(daemon, { kind: 'cli', token: `rdv_${randomBytes(32).toString('base64url')}` });
    expect(await codeOf(unknown.client.me.get.query())).toBe('UNAUTHORIZED');
    await unknown.close();
    await new Promise((r) => setTimeout(r, 200)); // authentication rows are written in the background
    const failures = auditRows(daemon.home, 'auth.authenticate').filter((row) => row.outcome === 'failure');
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tokenId: token.id, tokenKind: 'cli', userId: localUserId, detail: expect.objectContaining({ reason: 'revoked_token' }) }),
        expect.objectContaining({ tokenId: null, detail: expect.objectContaining({ reason: 'unknown_token', transport: 'http' }) }),
      ]),
    );
    expect(auditText(daemon.home)).not.toContain(token.token);
  });

  it('samples successful authentication: one row per token per minute, not one per call', async () => {
    const user = await ownerToken(daemon, 'sampled');
    const client = apiClient(daemon, { kind: 'cli', token: user.token });
    for (let i = 0; i < 30; i++) await client.client.folders.list.query();
    await client.close();
    await new Promise((r) => setTimeout(r, 200));
    const successes = auditRows(daemon.home, 'auth.authenticate').filter((row) => row.tokenId === user.id && row.outcome === 'success');
    expect(successes).toHaveLength(1);
  });

  it('lists the audit rows newest first, paged and filtered', async () => {
    const own = await api.client.audit.list.query({ limit: 200 });
    expect(own.items.length).toBeGreaterThan(3);
    const times = own.items.map((item) => new Date(item.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const page1 = await api.client.audit.list.query({ limit: 2, action: 'sessions' });
    const page2 = await api.client.audit.list.query({ limit: 2, action: 'sessions', cursor: page1.nextCursor! });
    expect(page1.items.every((item) => item.action.startsWith('sessions.'))).toBe(true);
    expect(page2.items.map((item) => item.id)).not.toContain(page1.items[0]!.id);
  });

  it('rotates the service token on demand without failing the web app, then retires the old one', async () => {
    const before = daemon.serviceToken();
    const asWeb = (token: string) => apiClient(daemon, { kind: 'service', token });
    const oldClient = asWeb(before);
    expect(await codeOf(oldClient.client.me.get.query())).toBe('OK');

    // The owner's CLI token may rotate (so may the web app, below).
    const report = await api.client.server.rotateServiceToken.mutate();
    const after = daemon.serviceToken();
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
    const res = await rawRequest(daemon.apiSocket, {
      method: 'POST',
      path: '/server.rotateServiceToken',
      headers: { 'x-rdv-service-token': after, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const rows = auditRows(daemon.home, 'server.rotateServiceToken');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ outcome: 'success', userId: localUserId, tokenKind: 'cli' });
    expect(auditText(daemon.home)).not.toContain(before);
    expect(auditText(daemon.home)).not.toContain(after);
  });

  it('expires a CLI token on demand, and can make one never expire', async () => {
    const token = await api.client.tokens.create.mutate({ name: 'expiring', expiresInSeconds: 3600 });
    const client = apiClient(daemon, { kind: 'cli', token: token.token });
    expect(await codeOf(client.client.me.get.query())).toBe('OK');
    const expired = await api.client.tokens.setExpiry.mutate({ id: token.id, expiresInSeconds: 0 });
    expect(new Date(expired.expiresAt!).getTime()).toBeLessThanOrEqual(Date.now());
    // Refused at once, without waiting for the 2 s verification cache.
    expect(await codeOf(client.client.me.get.query())).toBe('UNAUTHORIZED');
    await client.close();

    const forever = await api.client.tokens.create.mutate({ name: 'forever', expiresInSeconds: 60 });
    expect((await api.client.tokens.setExpiry.mutate({ id: forever.id, expiresInSeconds: null })).expiresAt).toBeNull();
    expect(await codeOf(api.client.tokens.setExpiry.mutate({ id: 'nosuchtoken', expiresInSeconds: 0 }))).toBe('NOT_FOUND');
    expect(auditRows(daemon.home, 'tokens.setExpiry').map((row) => row.outcome)).toEqual(['success', 'success', 'refused']);
  });

  it('refuses terminal input over the limit cleanly on both transports', async () => {
    const session = await api.client.sessions.create.mutate({ name: 'big-input' });
    const ws = wsClient(daemon, { kind: 'cli', token: daemon.cliToken() });
    try {
      const tooBig = 'x'.repeat(2 * 1024 * 1024 + 1);
      expect(await codeOf(ws.client.terminal.input.mutate({ sessionId: session.id, data: tooBig }))).toBe('BAD_REQUEST');
      expect(await codeOf(api.client.terminal.input.mutate({ sessionId: session.id, data: tooBig }))).toBe('PAYLOAD_TOO_LARGE');
      // The connection and the session are fine afterwards.
      expect(await codeOf(ws.client.terminal.input.mutate({ sessionId: session.id, data: 'echo ok\r' }))).toBe('OK');
    } finally {
      await ws.close();
    }
  });
});

