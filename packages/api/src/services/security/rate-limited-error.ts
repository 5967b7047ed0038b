import { TRPCError } from '@trpc/server';
import { retryAfterSeconds } from '@rdv/policy/rate-limit';

/**
 * The cause of every TOO_MANY_REQUESTS: carries the wait, which the error formatter puts in
 * `data.retryAfterSeconds` and the HTTP server in a `Retry-After` header.
 */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';

  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }

  get retryAfterSeconds(): number {
    return retryAfterSeconds(this.retryAfterMs);
  }
}

/** A TOO_MANY_REQUESTS refusal whose message says what ran out and when to retry. */
export function tooManyRequests(what: string, retryAfterMs: number): TRPCError {
  const cause = new RateLimitedError(what, retryAfterMs);
  return new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message: `${what}; retry after ${cause.retryAfterSeconds} s`,
    cause,
  });
}
