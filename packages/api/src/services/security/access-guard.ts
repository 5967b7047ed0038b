import { CLIENT_ADDRESS_HEADER, SERVICE_TOKEN_HEADER } from '@rdv/contract';
import { TooManyRequestsError, UnauthenticatedError } from '../../errors.ts';
import type { Caller } from '../../auth/caller.ts';
import type { RequestInfo } from '../../types.ts';
import {
  DEFAULT_BACKOFF_POLICY,
  FailureBackoff,
  TokenBucketLimiter,
  type BackoffPolicy,
  type BucketLimits,
} from '@rdv/policy/rate-limit';
import type { AuthService } from './auth-service.ts';
import type { AuditService } from './audit-service.ts';
import { policyOf, type RateClass } from './procedure-policy.ts';
import { RateLimitedError } from './rate-limited-error.ts';

/** `[limits]` in config.toml. */
export interface LimitSettings {
  /** Ordinary calls per token. */
  default?: BucketLimits;
  /** Session, worktree and trash operations, exec and inject, per token. */
  expensive?: BucketLimits;
  /** `terminal.input` and `terminal.resize`, per token. */
  terminal?: BucketLimits;
  /** Failed authentication, per client (connection, or web client address). */
  authFailures?: BackoffPolicy;
  /** Open subscriptions (terminals, status streams) per token. */
  maxSubscriptionsPerToken?: number;
}

/**
 * Defaults sized for people and their tools, never for attackers' convenience: a dashboard
 * polling a dozen things, a script in a loop, someone typing at 20 keys a second with key repeat
 * on, a paste split into many calls. Each stays well inside its budget; a runaway loop does not.
 */
export const DEFAULT_LIMITS = {
  default: { burst: 600, perSecond: 100 },
  expensive: { burst: 60, perSecond: 2 },
  terminal: { burst: 4_000, perSecond: 1_000 },
  authFailures: DEFAULT_BACKOFF_POLICY,
  maxSubscriptionsPerToken: 256,
} as const satisfies Required<LimitSettings>;

/** A subscription slot: released when the stream ends, however it ends. */
export interface SubscriptionLease {
  release(): void;
}

/**
 * Admission control in front of every procedure: failed-authentication backoff per client,
 * authentication (audited), token-bucket budgets per caller and per class of call, and a cap
 * on open subscriptions per caller. Refusals are TOO_MANY_REQUESTS with the wait in the message
 * and in `data.retryAfterSeconds`.
 */
export class AccessGuard {
  private readonly buckets: Record<RateClass, TokenBucketLimiter>;
  private readonly authBackoff: FailureBackoff;
  private readonly subscriptions = new Map<string, number>();
  readonly maxSubscriptionsPerToken: number;

  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    settings: LimitSettings = {},
    now: () => number = Date.now,
  ) {
    this.buckets = {
      default: new TokenBucketLimiter(settings.default ?? DEFAULT_LIMITS.default, { now }),
      expensive: new TokenBucketLimiter(settings.expensive ?? DEFAULT_LIMITS.expensive, { now }),
      terminal: new TokenBucketLimiter(settings.terminal ?? DEFAULT_LIMITS.terminal, { now }),
    };
    this.authBackoff = new FailureBackoff(settings.authFailures ?? DEFAULT_LIMITS.authFailures, { now });
    this.maxSubscriptionsPerToken = settings.maxSubscriptionsPerToken ?? DEFAULT_LIMITS.maxSubscriptionsPerToken;
  }

  /**
   * Who is asking, for the failed-authentication backoff: the web client's address when the web
   * app (holding the service token) says so, else the socket. Unix sockets carry no address, and
   * every peer of one is the same OS account (the socket is 0600), so the socket is the client:
   * keyed by connection, a guesser that opens a new connection per attempt was never slowed.
   */
  clientOf(req: RequestInfo): string {
    const address = single(req.headers[CLIENT_ADDRESS_HEADER]);
    if (address && this.auth.isServiceRequest(req.headers)) return `web:${address.slice(0, 100)}`;
    return `socket:${req.transport}`;
  }

  /**
   * Backoff, authentication, audit. Throws UNAUTHORIZED or TOO_MANY_REQUESTS. While a client
   * is backed off its tokens are still checked, and a valid one goes through: the backoff
   * slows guessing, never the owner's own tools that share the socket with the guesser.
   */
  async authenticate(req: RequestInfo): Promise<Caller> {
    const client = this.clientOf(req);
    const attempt = { client, transport: req.transport };
    const blocked = this.authBackoff.check(client);
    const result = await this.auth.authenticate(req.headers);
    if (result.ok) {
      this.passed(client);
      this.audit.authSucceeded(result.caller, attempt);
      return result.caller;
    }
    if (!blocked.ok) {
      this.audit.authFailed('backoff', attempt);
      throw new RateLimitedError('too many failed authentication attempts from this client', blocked.retryAfterMs);
    }
    this.audit.authFailed(result.reason, attempt, result.known ?? {});
    this.authBackoff.fail(client);
    throw new UnauthenticatedError('missing, invalid, expired or revoked token');
  }

  /**
   * A success clears a web client's failures (that address proved itself), but not a socket's:
   * one valid call from the owner's CLI must not wipe the count of a guesser on the same socket.
   * A socket's failures expire on their own (`resetAfterMs`).
   */
  private passed(client: string): void {
    if (!client.startsWith('socket:')) this.authBackoff.succeed(client);
  }

  /**
   * For calls that need the service token itself (no user): backoff check, then whether the
   * request carries the service token. A wrong service token counts as a failed authentication;
   * no service token at all is merely the wrong caller (FORBIDDEN, decided by the caller).
   */
  checkService(req: RequestInfo): boolean {
    const client = this.clientOf(req);
    const attempt = { client, transport: req.transport };
    if (this.auth.isServiceRequest(req.headers)) {
      this.passed(client);
      return true;
    }
    const blocked = this.authBackoff.check(client);
    if (!blocked.ok) {
      this.audit.authFailed('backoff', attempt);
      throw new RateLimitedError('too many failed authentication attempts from this client', blocked.retryAfterMs);
    }
    if (req.headers[SERVICE_TOKEN_HEADER] !== undefined) {
      this.audit.authFailed('unknown_token', attempt);
      this.authBackoff.fail(client);
    }
    return false;
  }

  /**
   * A share link's viewer (not a user, no token): `verify` checks the secret. Failures back off
   * like failed authentications, keyed by the viewer's address, which the web server sets (every
   * peer of terminal.sock is the owner's OS account, so the header is the web server's word).
   */
  async verifyShareViewer<T>(
    req: RequestInfo,
    verify: () => Promise<{ ok: true; value: T } | { ok: false; message: string }>,
  ): Promise<T> {
    const address = single(req.headers[CLIENT_ADDRESS_HEADER]);
    const client = `share:${address?.slice(0, 100) ?? req.transport}`;
    const attempt = { client, transport: req.transport };
    const blocked = this.authBackoff.check(client);
    if (!blocked.ok) {
      this.audit.authFailed('backoff', attempt);
      throw new RateLimitedError('too many failed share links from this client', blocked.retryAfterMs);
    }
    const verified = await verify();
    if (verified.ok) {
      this.authBackoff.succeed(client);
      return verified.value;
    }
    this.audit.authFailed('share_link_refused', attempt);
    this.authBackoff.fail(client);
    throw new UnauthenticatedError(verified.message);
  }

  /** Spends one call of `path`'s budget for this caller, or refuses with the wait. */
  admit(caller: Pick<Caller, 'tokenKind' | 'tokenId' | 'userId'>, path: string): void {
    this.admitAs(caller, policyOf(path).rate, path);
  }

  /**
   * Spends one call of the `rate` budget for what is not a procedure (the file routes on
   * api.sock), or refuses with the wait; `path` names it in the message.
   */
  admitAs(caller: Pick<Caller, 'tokenKind' | 'tokenId' | 'userId'>, rate: RateClass, path: string): void {
    const decision = this.buckets[rate].take(callerKey(caller));
    if (!decision.ok) {
      const what = rate === 'default' ? 'too many calls' : `too many ${rate} calls`;
      throw new RateLimitedError(`${what} with this token (${path})`, decision.retryAfterMs);
    }
  }

  /** Takes a subscription slot for the caller, or refuses when all are in use. */
  openSubscription(caller: Pick<Caller, 'tokenKind' | 'tokenId' | 'userId'>): SubscriptionLease {
    const key = callerKey(caller);
    const open = this.subscriptions.get(key) ?? 0;
    if (open >= this.maxSubscriptionsPerToken) {
      throw new TooManyRequestsError(
        `too many open subscriptions with this token (${open} of ${this.maxSubscriptionsPerToken}); close one first`,
      );
    }
    this.subscriptions.set(key, open + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.subscriptions.get(key) ?? 1) - 1;
        if (left > 0) this.subscriptions.set(key, left);
        else this.subscriptions.delete(key);
      },
    };
  }

  /** Open subscriptions of a caller (tests, health). */
  openSubscriptions(caller: Pick<Caller, 'tokenKind' | 'tokenId' | 'userId'>): number {
    return this.subscriptions.get(callerKey(caller)) ?? 0;
  }
}

/**
 * The budget key: a CLI token, or for the web app's service token the user it acts for (all web
 * users share that token, and a rotation must not reset anyone's budget).
 */
function callerKey(caller: Pick<Caller, 'tokenKind' | 'tokenId' | 'userId'>): string {
  return caller.tokenKind === 'service' ? `service:${caller.userId}` : `cli:${caller.tokenId}`;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Wraps a subscription's event stream so that `lease` is released when the stream ends: by
 * completing, failing, the client unsubscribing (`return()`), or the request's signal aborting
 * before the stream was ever iterated.
 */
export function holdDuringStream<T>(stream: AsyncIterable<T>, lease: SubscriptionLease, signal: AbortSignal | undefined): AsyncIterable<T> {
  signal?.addEventListener('abort', () => lease.release(), { once: true });
  return (async function* () {
    try {
      yield* stream;
    } finally {
      lease.release();
    }
  })();
}
