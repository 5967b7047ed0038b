import { TooManyRequestsError } from '../../errors.ts';
import { retryAfterSeconds } from '@rdv/policy/rate-limit';

/**
 * Every TOO_MANY_REQUESTS: the message says what ran out and when to retry; the wait goes to
 * `data.retryAfterSeconds` (error formatter) and, over HTTP, a `Retry-After` header.
 */
export class RateLimitedError extends TooManyRequestsError {
  override readonly name: string = 'RateLimitedError';

  constructor(
    what: string,
    readonly retryAfterMs: number,
  ) {
    super(`${what}; retry after ${retryAfterSeconds(retryAfterMs)} s`);
  }

  get retryAfterSeconds(): number {
    return retryAfterSeconds(this.retryAfterMs);
  }
}
