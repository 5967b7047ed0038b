import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, cliClient, rawRequest, readLog, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import type { RdvCredentials } from '@rdv/client';
import { codeOf } from '../helpers/trpc-errors.ts';


describe('authentication', () => {
  let userId: string;
  const fx = useDaemon({ config: '[limits]\nauth_free_failures = 1000\n' });
  beforeAll(async () => {
    // Every wrong token below must be checked and answered 401: the socket-wide backoff (tested
    // in auth-backoff-socket.test.ts) would otherwise refuse the later ones with 429.
    const api = cliClient(fx.daemon);
    userId = (await api.client.me.get.query()).user.id;
    await api.close();
  });

  const meWith = async (credentials: RdvCredentials) => {
    const api = apiClient(fx.daemon, credentials);
    try {
      return await codeOf(api.client.me.get.query());
    } finally {
      await api.close();
    }
  };

  it('accepts the local cli token', async () => {
    expect(await meWith({ kind: 'cli', token: fx.daemon.cliToken() })).toBe('OK');
  });

  it('refuses a call without any token', async () => {
    expect(await meWith({ kind: 'none' })).toBe('UNAUTHORIZED');
  });

  it('refuses a wrong or malformed cli token', async () => {
    const wrong = 'rdv_' + randomBytes(32).toString('base64url');
    expect(await meWith({ kind: 'cli', token: wrong })).toBe('UNAUTHORIZED');
    expect(await meWith({ kind: 'cli', token: 'rdv_nope' })).toBe('UNAUTHORIZED');
    // Same lookup prefix as the real token, different secret.
    const real = fx.daemon.cliToken();
    const forged = real.slice(0, 12) + randomBytes(32).toString('base64url').slice(0, 35);
    expect(await meWith({ kind: 'cli', token: forged })).toBe('UNAUTHORIZED');
    const res = await rawRequest(fx.daemon.apiSocket, {
      method: 'GET',
      path: '/me.get',
      headers: { authorization: `Basic ${real}` },
    });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(real);
  });

  it('takes the service token as the owner, whatever user id a request names', async () => {
    const token = fx.daemon.serviceToken();
    expect(await meWith({ kind: 'service', token })).toBe('OK');
    // The header of the old, multi-user design names nobody now: the caller is still the owner.
    const named = await rawRequest(fx.daemon.apiSocket, {
      method: 'GET',
      path: '/me.get',
      headers: { 'x-rdv-service-token': token, 'x-rdv-user-id': 'cl000000000000000000000000' },
    });
    expect(named.status).toBe(200);
    expect(named.body.result.data.user.id).toBe(userId);
    const wrong = randomBytes(32).toString('base64url');
    expect(await meWith({ kind: 'service', token: wrong })).toBe('UNAUTHORIZED');
  });

  it('refuses an expired cli token', async () => {
    const api = cliClient(fx.daemon);
    const created = await api.client.tokens.create.mutate({ name: 'short-lived', expiresInSeconds: 3600 });
    await api.close();
    expect(await meWith({ kind: 'cli', token: created.token })).toBe('OK');
    // Expire it in the real database file, as time passing would.
    const db = new Database(join(fx.home, 'sqlite.db'));
    db.prepare('UPDATE cli_tokens SET "expiresAt" = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), created.id);
    db.close();
    // The auth cache trusts a verified token for at most 2 s.
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await meWith({ kind: 'cli', token: created.token })).toBe('UNAUTHORIZED');
  });

  it('refuses a revoked cli token at once, and lists it as revoked', async () => {
    const api = cliClient(fx.daemon);
    const created = await api.client.tokens.create.mutate({ name: 'to-revoke' });
    expect(await meWith({ kind: 'cli', token: created.token })).toBe('OK');
    await api.client.tokens.revoke.mutate({ id: created.id });
    expect(await meWith({ kind: 'cli', token: created.token })).toBe('UNAUTHORIZED');
    const listed = (await api.client.tokens.list.query()).find((t) => t.id === created.id);
    expect(listed?.revokedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed).not.toHaveProperty('hash');
    await api.close();
  });

  it('refuses to revoke an unknown token id with NOT_FOUND', async () => {
    const api = cliClient(fx.daemon);
    expect(await codeOf(api.client.tokens.revoke.mutate({ id: 'doesnotexist' }))).toBe('NOT_FOUND');
    expect(await codeOf(api.client.tokens.revoke.mutate({ id: '../etc' }))).toBe('BAD_REQUEST');
    await api.close();
  });

  it('applies the same rules over the websocket', async () => {
    const anonymous = wsClient(fx.daemon, { kind: 'none' });
    const authed = wsClient(fx.daemon, { kind: 'cli', token: fx.daemon.cliToken() });
    try {
      expect(await codeOf(anonymous.client.me.get.query())).toBe('UNAUTHORIZED');
      expect(await codeOf(authed.client.me.get.query())).toBe('OK');
    } finally {
      await anonymous.close();
      await authed.close();
    }
  });

  it('never writes a token into the log, even for refused calls', () => {
    const text = JSON.stringify(readLog(fx.home));
    expect(text).not.toContain(fx.daemon.cliToken());
    expect(text).not.toContain(fx.daemon.serviceToken());
  });
});
