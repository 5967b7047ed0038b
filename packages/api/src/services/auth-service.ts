import type { IncomingHttpHeaders } from 'node:http';
import type { PrismaClient } from '@rdv/db';
import type { AuthFailureReason, AuthResult, Caller, TokenKind } from '../auth/caller.ts';
import {
  constantTimeEqual,
  hashToken,
  looksLikeCliToken,
  tokenLookupPrefix,
  tokenMatchesHash,
} from '../auth/tokens.ts';

export const SERVICE_TOKEN_HEADER = 'x-rdv-service-token';
export const USER_ID_HEADER = 'x-rdv-user-id';
/** A verified token is trusted this long without a database read; revocation clears it at once. */
export const AUTH_CACHE_MS = 2_000;
/** `lastUsedAt` is written at most this often per token, to keep writes off the hot path. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const MAX_AUTH_CACHE_ENTRIES = 1_000;
/** After a rotation the previous service token is still accepted this long, so the web app never fails a call. */
export const DEFAULT_SERVICE_TOKEN_GRACE_MS = 5 * 60_000;

/** The current service token and the id under which it appears in logs. */
export interface ServiceTokenSource {
  current(): { token: string; id: string };
  /** The token the last rotation replaced, and when; accepted for the grace period. */
  previous?(): { token: string; id: string; retiredAtMs: number } | null;
}

interface CacheEntry {
  result: AuthResult & { ok: true };
  tokenRowId: string | null;
  expiresAtMs: number;
  tokenExpiresAtMs: number | null;
}

/**
 * Verifies the two kinds of credentials: the web app's service token (acting for the user in
 * `X-RDV-User-ID`) and per-user CLI tokens (`Authorization: Bearer rdv_...`).
 */
export class AuthService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly db: PrismaClient,
    private readonly serviceToken: ServiceTokenSource,
    private readonly now: () => number = Date.now,
    private readonly serviceGraceMs: number = DEFAULT_SERVICE_TOKEN_GRACE_MS,
  ) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<AuthResult> {
    const service = single(headers[SERVICE_TOKEN_HEADER]);
    if (service !== undefined) return this.authenticateService(service, single(headers[USER_ID_HEADER]));

    const authorization = single(headers.authorization);
    if (authorization === undefined) return fail('missing_token');
    const match = /^Bearer ([^\s]+)$/.exec(authorization);
    if (!match?.[1]) return fail('malformed_token');
    return this.authenticateCli(match[1]);
  }

  /**
   * True when the request carries the current service token (no user needed): the web app
   * itself, for the few calls it makes before it acts for anyone (`users.ensure`).
   */
  isServiceRequest(headers: IncomingHttpHeaders): boolean {
    const service = single(headers[SERVICE_TOKEN_HEADER]);
    return service !== undefined && this.matchServiceToken(service) !== null;
  }

  /**
   * The id of the service token `token` is: the current one, or the previous one within the
   * grace period after a rotation. Both are compared every time (constant time, no shortcut).
   */
  matchServiceToken(token: string): { id: string } | null {
    const current = this.serviceToken.current();
    const previous = this.serviceToken.previous?.() ?? null;
    const isCurrent = constantTimeEqual(token, current.token);
    const isPrevious =
      previous !== null &&
      constantTimeEqual(token, previous.token) &&
      this.now() - previous.retiredAtMs < this.serviceGraceMs;
    if (isCurrent) return { id: current.id };
    return isPrevious ? { id: previous.id } : null;
  }

  /** Forgets cached verifications, e.g. after a token was revoked. */
  invalidate(): void {
    this.cache.clear();
  }

  private async authenticateService(token: string, userId: string | undefined): Promise<AuthResult> {
    const matched = this.matchServiceToken(token);
    if (!matched) return fail('unknown_token');
    const known = { tokenKind: 'service' as const, tokenId: matched.id };
    if (!userId) return fail('missing_user_id', known);
    if (userId.length > 64) return fail('unknown_user', known);

    const key = `service:${matched.id}:${userId}`;
    const cached = this.fromCache(key);
    if (cached) return cached;
    const user = await this.db.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) return fail('unknown_user', known);
    const result = ok({ userId: user.id, tokenKind: 'service', tokenId: matched.id });
    this.remember(key, result, null, null);
    return result;
  }

  private async authenticateCli(token: string): Promise<AuthResult> {
    if (!looksLikeCliToken(token)) return fail('malformed_token');
    // The cache is keyed by the hash so the token itself never sits in memory longer than needed.
    const key = `cli:${hashToken(token)}`;
    const cached = this.fromCache(key);
    if (cached) return cached;

    const row = await this.db.cliToken.findUnique({
      where: { prefix: tokenLookupPrefix(token) },
      select: { id: true, userId: true, hash: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    });
    if (!row || !tokenMatchesHash(token, row.hash)) return fail('unknown_token');
    const known = { tokenKind: 'cli' as const, tokenId: row.id, userId: row.userId };
    if (row.revokedAt) return fail('revoked_token', known);
    if (row.expiresAt && row.expiresAt.getTime() <= this.now()) return fail('expired_token', known);

    this.touch(row.id, row.lastUsedAt);
    const result = ok({ userId: row.userId, tokenKind: 'cli', tokenId: row.id });
    this.remember(key, result, row.id, row.expiresAt?.getTime() ?? null);
    return result;
  }

  private fromCache(key: string): AuthResult | undefined {
    const entry = this.cache.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expiresAtMs <= now || (entry.tokenExpiresAtMs !== null && entry.tokenExpiresAtMs <= now)) {
      this.cache.delete(key);
      return undefined;
    }
    if (entry.tokenRowId) this.touch(entry.tokenRowId, null);
    return entry.result;
  }

  private remember(
    key: string,
    result: AuthResult & { ok: true },
    tokenRowId: string | null,
    tokenExpiresAtMs: number | null,
  ): void {
    if (this.cache.size >= MAX_AUTH_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, { result, tokenRowId, expiresAtMs: this.now() + AUTH_CACHE_MS, tokenExpiresAtMs });
  }

  private touch(tokenRowId: string, storedLastUsed: Date | null): void {
    const now = this.now();
    const last = this.lastUsedWrites.get(tokenRowId) ?? storedLastUsed?.getTime() ?? 0;
    if (now - last < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastUsedWrites.set(tokenRowId, now);
    // Best effort: a failed bookkeeping write must never fail the caller's request.
    this.db.cliToken
      .update({ where: { id: tokenRowId }, data: { lastUsedAt: new Date(now) } })
      .catch(() => undefined);
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function ok(caller: Caller): AuthResult & { ok: true } {
  return { ok: true, caller };
}

function fail(reason: AuthFailureReason, known?: { tokenKind: TokenKind; tokenId: string; userId?: string }): AuthResult {
  return known ? { ok: false, reason, known } : { ok: false, reason };
}
