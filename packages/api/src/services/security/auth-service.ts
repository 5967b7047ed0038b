import type { IncomingHttpHeaders } from 'node:http';
import { SERVICE_TOKEN_HEADER } from '@rdv/contract';
import type { PrismaClient } from '@rdv/db';
import type { AuthFailureReason, AuthResult, Caller, TokenKind } from '../../auth/caller.ts';
import {
  constantTimeEqual,
  hashToken,
  looksLikeCliToken,
  tokenLookupPrefix,
  tokenMatchesHash,
} from '../../auth/tokens.ts';

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
 * Verifies the two kinds of credentials: the web app's service token and CLI tokens
 * (`Authorization: Bearer rdv_...`). Both name the daemon's one owner, the OS account it runs as:
 * whoever the web app let in (the local login, an allowed Cloudflare Access email) is that owner
 * on another device, and a CLI token of any other user row (left by an older, multi-user rdv) is
 * refused. The OS, not this class, keeps other accounts out: the sockets are the owner's, 0600.
 */
export class AuthService {
  private readonly cache = new Map<string, CacheEntry>();
  /**
   * Each connection's cache key: a WebSocket's calls share one headers object, so its token is
   * hashed once, not per call (a keystroke's 30 µs). The entry lives as long as the connection.
   */
  private readonly keysByHeaders = new WeakMap<IncomingHttpHeaders, { token: string; key: string }>();
  /** The same for the service token: a connection's match with the current token, until it rotates. */
  private readonly serviceMatches = new WeakMap<IncomingHttpHeaders, { token: string; currentId: string }>();
  private readonly lastUsedWrites = new Map<string, number>();
  private ownerId: string | null = null;

  constructor(
    private readonly db: PrismaClient,
    private readonly serviceToken: ServiceTokenSource,
    private readonly now: () => number = Date.now,
    private readonly serviceGraceMs: number = DEFAULT_SERVICE_TOKEN_GRACE_MS,
  ) {}

  /** Called by the daemon once the owner's row exists, before the sockets listen. */
  setOwner(userId: string): void {
    this.ownerId = userId;
    this.cache.clear();
  }

  /** The owner's user id; every caller is this user. */
  owner(): string {
    if (this.ownerId === null) throw new Error('the daemon has no owner yet');
    return this.ownerId;
  }

  async authenticate(headers: IncomingHttpHeaders): Promise<AuthResult> {
    const service = single(headers[SERVICE_TOKEN_HEADER]);
    if (service !== undefined) return this.authenticateService(service, headers);

    const authorization = single(headers.authorization);
    if (authorization === undefined) return fail('missing_token');
    const match = /^Bearer ([^\s]+)$/.exec(authorization);
    if (!match?.[1]) return fail('malformed_token');
    return this.authenticateCli(match[1], headers);
  }

  /** True when the request carries a valid service token: the web app. */
  isServiceRequest(headers: IncomingHttpHeaders): boolean {
    const service = single(headers[SERVICE_TOKEN_HEADER]);
    return service !== undefined && this.matchServiceHeader(service, headers) !== null;
  }

  /** `matchServiceToken`, remembered per connection while the token it matched is current. */
  private matchServiceHeader(token: string, headers: IncomingHttpHeaders): { id: string } | null {
    const currentId = this.serviceToken.current().id;
    const known = this.serviceMatches.get(headers);
    if (known?.token === token && known.currentId === currentId) return { id: currentId };
    const matched = this.matchServiceToken(token);
    if (matched?.id === currentId) this.serviceMatches.set(headers, { token, currentId });
    return matched;
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

  private authenticateService(token: string, headers: IncomingHttpHeaders): AuthResult {
    const matched = this.matchServiceHeader(token, headers);
    if (!matched || this.ownerId === null) return fail('unknown_token');
    return ok({ userId: this.ownerId, tokenKind: 'service', tokenId: matched.id });
  }

  private async authenticateCli(token: string, headers: IncomingHttpHeaders): Promise<AuthResult> {
    if (!looksLikeCliToken(token)) return fail('malformed_token');
    // The cache is keyed by the hash so the token itself is held no longer than its connection.
    const seen = this.keysByHeaders.get(headers);
    const key = seen?.token === token ? seen.key : `cli:${hashToken(token)}`;
    if (seen?.key !== key) this.keysByHeaders.set(headers, { token, key });
    const cached = this.fromCache(key);
    if (cached) return cached;

    const row = await this.db.cliToken.findUnique({
      where: { prefix: tokenLookupPrefix(token) },
      select: { id: true, userId: true, hash: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    });
    if (!row || !tokenMatchesHash(token, row.hash)) return fail('unknown_token');
    const known = { tokenKind: 'cli' as const, tokenId: row.id, userId: row.userId };
    if (row.userId !== this.ownerId) return fail('not_owner', known);
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
