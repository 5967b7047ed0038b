import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  DEFAULT_BACKOFF_POLICY,
  FailureBackoff,
  retryAfterSeconds,
  TokenBucketLimiter,
  type BackoffPolicy,
  type BucketLimits,
  type RateDecision,
} from '@rdv/policy/rate-limit';
import { sendJson } from './http-utils.ts';

/**
 * Requests per client address (page loads with their assets, tRPC calls, WebSocket upgrades).
 * Terminal traffic rides the one WebSocket, so typing never counts; a dashboard load is a few
 * dozen requests. @default burst 1000, 100/s
 */
export const DEFAULT_REQUEST_LIMITS: BucketLimits = { burst: 1_000, perSecond: 100 };
/** Failed logins, cookies and Cloudflare tokens per client address: 5 free, then 1 s, 2 s, … 5 min. */
export const DEFAULT_AUTH_BACKOFF: BackoffPolicy = DEFAULT_BACKOFF_POLICY;

/**
 * The web server's limits per client address (the socket's peer, or Cloudflare's
 * `Cf-Connecting-IP` behind Access), with the limiter the daemon uses too.
 */
export class ClientLimiter {
  private readonly requests: TokenBucketLimiter;
  private readonly failures: FailureBackoff;

  constructor(
    opts: { requests?: BucketLimits; authBackoff?: BackoffPolicy; now?: () => number } = {},
  ) {
    this.requests = new TokenBucketLimiter(opts.requests ?? DEFAULT_REQUEST_LIMITS, {
      now: opts.now,
    });
    this.failures = new FailureBackoff(opts.authBackoff ?? DEFAULT_AUTH_BACKOFF, { now: opts.now });
  }

  /** Requests without valid credentials: refused while the address is backing off or out of budget. */
  admit(address: string): RateDecision {
    const backoff = this.failures.check(address);
    if (!backoff.ok) return backoff;
    return this.requests.take(address);
  }

  /**
   * A request with valid credentials: its own request budget per session, and never the
   * address's failure backoff, so bad logins from the same address (another local process, a
   * page the owner visits) cannot lock the logged-in owner out.
   */
  admitSession(sessionId: string): RateDecision {
    return this.requests.take(`session:${sessionId}`);
  }

  /** A login token, cookie or JWT was presented and refused. */
  failed(address: string): RateDecision {
    return this.failures.fail(address);
  }

  /** Credentials were accepted: the address starts over. */
  succeeded(address: string): void {
    this.failures.succeed(address);
  }
}

export function sendTooManyRequests(res: ServerResponse, decision: { retryAfterMs: number }): void {
  const seconds = retryAfterSeconds(decision.retryAfterMs);
  sendJson(
    res,
    429,
    {
      error: {
        message: `too many requests: retry in ${seconds} s`,
        code: -32029,
        data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 },
      },
    },
    { 'retry-after': String(seconds) },
  );
}

export function refuseUpgradeTooMany(socket: Duplex, decision: { retryAfterMs: number }): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 429 Too Many Requests\r\nretry-after: ${retryAfterSeconds(decision.retryAfterMs)}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
  );
}
