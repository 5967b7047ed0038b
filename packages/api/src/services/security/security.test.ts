import { DomainError } from '../../errors.ts';
import { domainToTRPCError } from '../../error-codes.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@rdv/test-support';
import type { PrismaClient } from '@rdv/db';
import { createTempDatabase, type TempDatabase } from '@rdv/db/temp-database';
import { generateServiceToken } from '../../auth/tokens.ts';
import type { RequestInfo } from '../../types.ts';
import { AuthService } from './auth-service.ts';
import { TokenService } from './token-service.ts';
import { AccessGuard } from './access-guard.ts';
import { AUTH_ACTION, AuditService } from './audit-service.ts';
import { RateLimitedError } from './rate-limited-error.ts';
import { ServiceTokenRotation, type RotatableServiceToken } from './service-token-rotation.ts';

/** A rotatable service token in memory, like the daemon's, without the file. */
function memoryToken(now: () => number): RotatableServiceToken & { value: string } {
  let current = { token: generateServiceToken(), id: 'svc-1' };
  let previous: { token: string; id: string; retiredAtMs: number } | null = null;
  let n = 1;
  return {
    get value() {
      return current.token;
    },
    current: () => current,
    previous: () => previous,
    rotate: () => {
      previous = { ...current, retiredAtMs: now() };
      current = { token: generateServiceToken(), id: `svc-${++n}` };
      return { id: current.id, createdAt: new Date(now()) };
    },
  };
}

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
    return 'OK';
  } catch (error) {
    // The code a client would get: the API maps the services' domain errors (error-codes.ts).
    if (error instanceof DomainError) return domainToTRPCError(error).code;
    throw error;
  }
}

describe('security services', () => {
  let temp: TempDatabase;
  let db: PrismaClient;
  let userId: string;
  let cliToken: string;
  let clock: { t: number };
  let serviceToken: ReturnType<typeof memoryToken>;
  let auth: AuthService;
  let audit: AuditService;
  let tokens: TokenService;
  const now = () => clock.t;
  const req = (headers: RequestInfo['headers'], connection = 'http:1'): RequestInfo => ({ headers, transport: 'http', connection });
  const flush = () => new Promise((resolve) => setTimeout(resolve, 50));

  beforeEach(async () => {
    temp = createTempDatabase('rdv-sec-');
    db = temp.db;
    clock = { t: Date.parse('2030-01-01T00:00:00Z') };
    serviceToken = memoryToken(now);
    auth = new AuthService(db, serviceToken, now, 60_000);
    audit = new AuditService(db, silentLogger, { retentionDays: 10 }, () => new Date(clock.t));
    tokens = new TokenService(db, auth);
    userId = (await db.user.create({ data: { username: 'alice' } })).id;
    auth.setOwner(userId);
    cliToken = (await tokens.create(userId, { name: 't' })).token;
  });
  afterEach(() => temp.remove());

  describe('TokenService.isValidFor (the daemon keeps a valid cli-token file)', () => {
    it('accepts a live token of the user and nothing else', async () => {
      expect(await tokens.isValidFor(userId, cliToken, clock.t)).toBe(true);
      const other = (await db.user.create({ data: { username: 'bob' } })).id;
      expect(await tokens.isValidFor(other, cliToken, clock.t)).toBe(false);
      expect(await tokens.isValidFor(userId, 'not a token', clock.t)).toBe(false);
      // Same lookup prefix, different secret: the hash comparison refuses it.
      const forged = cliToken.slice(0, -4) + (cliToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect(await tokens.isValidFor(userId, forged, clock.t)).toBe(false);
      const expiring = await tokens.create(userId, { name: 'e', expiresAt: new Date(clock.t + 1_000) });
      expect(await tokens.isValidFor(userId, expiring.token, clock.t)).toBe(true);
      expect(await tokens.isValidFor(userId, expiring.token, clock.t + 1_000)).toBe(false);
      const revoked = await tokens.create(userId, { name: 'r' });
      await tokens.revoke(userId, revoked.id);
      expect(await tokens.isValidFor(userId, revoked.token, clock.t)).toBe(false);
    });
  });

  describe('one owner', () => {
    it('the service token is the owner, whatever user id a request names', async () => {
      const other = (await db.user.create({ data: { username: 'bob' } })).id;
      const result = await auth.authenticate({ 'x-rdv-service-token': serviceToken.value, 'x-rdv-user-id': other });
      expect(result).toEqual({ ok: true, caller: { userId, tokenKind: 'service', tokenId: 'svc-1' } });
    });

    it('refuses a CLI token of any other user row, and everything before the owner is known', async () => {
      const other = (await db.user.create({ data: { username: 'bob' } })).id;
      const stray = await tokens.create(other, { name: 'left by an older rdv' });
      expect(await auth.authenticate({ authorization: `Bearer ${stray.token}` })).toMatchObject({
        ok: false,
        reason: 'not_owner',
        known: { tokenKind: 'cli', userId: other },
      });
      expect((await auth.authenticate({ authorization: `Bearer ${cliToken}` })).ok).toBe(true);

      const fresh = new AuthService(db, serviceToken, now, 60_000);
      expect((await fresh.authenticate({ 'x-rdv-service-token': serviceToken.value })).ok).toBe(false);
      expect((await fresh.authenticate({ authorization: `Bearer ${cliToken}` })).ok).toBe(false);
      expect(() => fresh.owner()).toThrow(/no owner/);
    });
  });

  describe('a connection is verified once (its headers object), never past what it proves', () => {
    it('a CLI token: a revoked one is refused at once; a changed token on the same headers is checked afresh', async () => {
      const headers: RequestInfo['headers'] = { authorization: `Bearer ${cliToken}` };
      expect((await auth.authenticate(headers)).ok).toBe(true);
      expect((await auth.authenticate(headers)).ok).toBe(true);
      headers.authorization = `Bearer ${cliToken.slice(0, -4)}${cliToken.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      expect(await auth.authenticate(headers)).toMatchObject({ ok: false, reason: 'unknown_token' });
      headers.authorization = `Bearer ${cliToken}`;
      expect((await auth.authenticate(headers)).ok).toBe(true);
      const [row] = await tokens.list(userId);
      await tokens.revoke(userId, row!.id);
      expect(await auth.authenticate(headers)).toMatchObject({ ok: false, reason: 'revoked_token' });
    });

    it('the service token: a rotation ends the match (the old token lasts the grace period), a wrong token never matches', async () => {
      const headers: RequestInfo['headers'] = { 'x-rdv-service-token': serviceToken.value };
      expect(await auth.authenticate(headers)).toMatchObject({ ok: true, caller: { tokenId: 'svc-1' } });
      expect(auth.isServiceRequest(headers)).toBe(true);
      serviceToken.rotate?.();
      expect(await auth.authenticate(headers)).toMatchObject({ ok: true, caller: { tokenId: 'svc-1' } });
      clock.t += 60_000;
      expect(await auth.authenticate(headers)).toMatchObject({ ok: false, reason: 'unknown_token' });
      expect(auth.isServiceRequest(headers)).toBe(false);
      headers['x-rdv-service-token'] = serviceToken.value;
      expect(await auth.authenticate(headers)).toMatchObject({ ok: true, caller: { tokenId: 'svc-2' } });
      headers['x-rdv-service-token'] = generateServiceToken();
      expect(await auth.authenticate(headers)).toMatchObject({ ok: false, reason: 'unknown_token' });
      expect(auth.isServiceRequest(headers)).toBe(false);
    });
  });

  describe('AccessGuard', () => {
    it('audits a failure with the token it named, never the token, and backs off the client', async () => {
      const guard = new AccessGuard(auth, audit, { authFailures: { freeFailures: 2, baseMs: 1_000, maxMs: 4_000, resetAfterMs: 60_000 } }, now);
      const revoked = await tokens.create(userId, { name: 'gone' });
      await tokens.revoke(userId, revoked.id);
      const bad = req({ authorization: `Bearer ${revoked.token}` });
      expect(await codeOf(guard.authenticate(bad))).toBe('UNAUTHORIZED');
      expect(await codeOf(guard.authenticate(bad))).toBe('UNAUTHORIZED');
      expect(await codeOf(guard.authenticate(bad))).toBe('UNAUTHORIZED');
      // Blocked now: a wrong token from this socket waits, and says how long, even on a new connection.
      const refusal = await guard.authenticate(req({ authorization: `Bearer ${revoked.token}` }, 'http:2')).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(RateLimitedError);
      expect(domainToTRPCError(refusal as RateLimitedError).code).toBe('TOO_MANY_REQUESTS');
      expect((refusal as RateLimitedError).message).toMatch(/retry after 1 s/);
      expect((refusal as RateLimitedError).retryAfterSeconds).toBe(1);
      // A valid token is never slowed by the backoff, and does not clear it for the guesser.
      expect(await codeOf(guard.authenticate(req({ authorization: `Bearer ${cliToken}` }, 'http:3')))).toBe('OK');
      expect(await codeOf(guard.authenticate(bad))).toBe('TOO_MANY_REQUESTS');
      clock.t += 1_000;
      expect(await codeOf(guard.authenticate(req({ authorization: `Bearer ${cliToken}` })))).toBe('OK');
      await flush();
      const rows = await db.auditLog.findMany({ where: { action: AUTH_ACTION }, orderBy: { createdAt: 'asc' } });
      const failures = rows.filter((row) => row.outcome === 'failure');
      expect(failures).toHaveLength(3);
      expect(failures[0]).toMatchObject({ userId, tokenId: revoked.id, tokenKind: 'cli' });
      expect(JSON.parse(failures[0]!.detail)).toMatchObject({ reason: 'revoked_token', client: 'socket:http' });
      expect(rows.some((row) => row.outcome === 'refused')).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(revoked.token);
      expect(JSON.stringify(rows)).not.toContain(cliToken);
    });

    it('writes one success row per token per minute, counting the rest', async () => {
      const guard = new AccessGuard(auth, audit, {}, now);
      for (let i = 0; i < 50; i++) await guard.authenticate(req({ authorization: `Bearer ${cliToken}` }));
      clock.t += 61_000;
      await guard.authenticate(req({ authorization: `Bearer ${cliToken}` }));
      await flush();
      const rows = await db.auditLog.findMany({ where: { action: AUTH_ACTION, outcome: 'success' }, orderBy: { createdAt: 'asc' } });
      expect(rows).toHaveLength(2);
      expect(JSON.parse(rows[1]!.detail)).toMatchObject({ repeats: 49 });
    });

    it('trusts the web client address only with the service token; otherwise the socket is the client', () => {
      const guard = new AccessGuard(auth, audit, {}, now);
      expect(guard.clientOf(req({ 'x-rdv-client-address': '203.0.113.9' }))).toBe('socket:http');
      expect(guard.clientOf(req({ 'x-rdv-client-address': '203.0.113.9', 'x-rdv-service-token': 'nope' }))).toBe('socket:http');
      expect(guard.clientOf(req({ 'x-rdv-client-address': '203.0.113.9', 'x-rdv-service-token': serviceToken.value }))).toBe('web:203.0.113.9');
    });

    it('keeps separate budgets per class; typing has its own', () => {
      const guard = new AccessGuard(auth, audit, { default: { burst: 2, perSecond: 1 }, expensive: { burst: 1, perSecond: 0.5 }, terminal: { burst: 5, perSecond: 100 } }, now);
      const caller = { userId, tokenKind: 'cli' as const, tokenId: 't1' };
      expect([1, 2, 3].map(() => (tryAdmit(guard, caller, 'sessions.list')))).toEqual(['OK', 'OK', 'TOO_MANY_REQUESTS']);
      expect([1, 2].map(() => tryAdmit(guard, caller, 'sessions.create'))).toEqual(['OK', 'TOO_MANY_REQUESTS']);
      expect([1, 2, 3, 4, 5].every(() => tryAdmit(guard, caller, 'terminal.input') === 'OK')).toBe(true);
      // Another token has its own buckets; the web app's budget is per user it acts for.
      expect(tryAdmit(guard, { ...caller, tokenId: 't2' }, 'sessions.list')).toBe('OK');
      clock.t += 2_000;
      expect(tryAdmit(guard, caller, 'sessions.create')).toBe('OK');
    });

    it('caps open subscriptions per token and frees a slot when one ends', () => {
      const guard = new AccessGuard(auth, audit, { maxSubscriptionsPerToken: 2 }, now);
      const caller = { userId, tokenKind: 'cli' as const, tokenId: 't1' };
      const a = guard.openSubscription(caller);
      guard.openSubscription(caller);
      expect(() => guard.openSubscription(caller)).toThrow(/too many open subscriptions/);
      a.release();
      a.release();
      expect(guard.openSubscriptions(caller)).toBe(1);
      expect(() => guard.openSubscription(caller)).not.toThrow();
    });
  });

  describe('service token rotation', () => {
    it('accepts the previous token for the grace period only, and audits the rotation', async () => {
      const rotation = new ServiceTokenRotation(serviceToken, audit, silentLogger, { graceMs: 60_000 }, now);
      const old = serviceToken.value;
      const report = await rotation.rotate({ userId, tokenId: 'cli-1', tokenKind: 'cli' });
      expect(report.tokenId).toBe('svc-2');
      expect(auth.matchServiceToken(old)).toEqual({ id: 'svc-1' });
      expect(auth.matchServiceToken(serviceToken.value)).toEqual({ id: 'svc-2' });
      clock.t += 60_000;
      expect(auth.matchServiceToken(old)).toBeNull();
      const row = await db.auditLog.findFirstOrThrow({ where: { action: 'server.rotateServiceToken' } });
      expect(row).toMatchObject({ outcome: 'success', target: 'service-token:svc-2', userId });
      expect(JSON.stringify(row)).not.toContain(serviceToken.value);
    });

    it('rotates on schedule once the token is old enough', async () => {
      const rotation = new ServiceTokenRotation(serviceToken, audit, silentLogger, { intervalMs: 86_400_000, checkIntervalMs: 1_000 }, now);
      expect(rotation.task.intervalMs).toBe(1_000);
      await rotation.task.run(new AbortController().signal);
      expect(serviceToken.current().id).toBe('svc-1');
      clock.t += 86_400_000;
      await rotation.task.run(new AbortController().signal);
      expect(serviceToken.current().id).toBe('svc-2');
      const row = await db.auditLog.findFirstOrThrow({ where: { action: 'server.rotateServiceToken' } });
      expect(JSON.parse(row.detail)).toMatchObject({ scheduled: true });
    });

  });

  describe('AuditService', () => {
    it('lists the caller’s rows only, newest first, filtered and paged', async () => {
      const other = (await db.user.create({ data: { username: 'bob' } })).id;
      for (let i = 0; i < 5; i++) {
        clock.t += 1_000;
        await audit.record({ userId, tokenId: 't', tokenKind: 'cli', action: i % 2 ? 'sessions.create' : 'tokens.revoke', target: `session:s${i}`, outcome: 'success' });
      }
      await audit.record({ userId: other, tokenId: 'x', tokenKind: 'cli', action: 'sessions.create', outcome: 'success' });
      const first = await audit.list(userId, { limit: 2 });
      expect(first.items.map((item) => item.target)).toEqual(['session:s4', 'session:s3']);
      const second = await audit.list(userId, { limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((item) => item.target)).toEqual(['session:s2', 'session:s1']);
      const last = await audit.list(userId, { limit: 2, cursor: second.nextCursor! });
      expect(last).toMatchObject({ nextCursor: null });
      expect(last.items).toHaveLength(1);
      expect((await audit.list(userId, { limit: 50, action: 'sessions' })).items).toHaveLength(2);
      expect((await audit.list(userId, { limit: 50, action: 'sessions.create' })).items).toHaveLength(2);
      expect((await audit.list(userId, { limit: 50, target: 'session:s0' })).items).toHaveLength(1);
      // Someone else's row as a cursor is an empty page.
      const foreign = await db.auditLog.findFirstOrThrow({ where: { userId: other } });
      expect(await audit.list(userId, { limit: 50, cursor: foreign.id })).toEqual({ items: [], nextCursor: null });
    });

    it('purges rows past the retention period', async () => {
      await audit.record({ userId, tokenId: null, tokenKind: null, action: 'a', outcome: 'success' });
      clock.t += 11 * 86_400_000;
      await audit.record({ userId, tokenId: null, tokenKind: null, action: 'b', outcome: 'success' });
      await audit.retentionTask.run(new AbortController().signal);
      expect((await db.auditLog.findMany()).map((row) => row.action)).toEqual(['b']);
    });
  });
});

function tryAdmit(guard: AccessGuard, caller: { userId: string; tokenKind: 'cli'; tokenId: string }, path: string): string {
  try {
    guard.admit(caller, path);
    return 'OK';
  } catch (error) {
    return domainToTRPCError(error as DomainError).code;
  }
}
