// `@rdv/api/rate-limit`: rate limiting that the daemon and the web server share. No Node APIs and
// no imports outside this folder, so any runtime may load it (the web server imports only this
// and the AppRouter type from @rdv/api).
export { TokenBucketLimiter, DEFAULT_MAX_KEYS, type BucketLimits, type RateDecision } from './token-bucket.ts';
export { FailureBackoff, DEFAULT_BACKOFF_POLICY, type BackoffPolicy } from './failure-backoff.ts';

/**
 * The client's network address, set by the web server on every request it forwards to the
 * daemon. The daemon trusts it only on requests that carry the service token (anyone else could
 * set it to anything); it keys the failed-authentication backoff and any per-client budget.
 */
export const CLIENT_ADDRESS_HEADER = 'x-rdv-client-address';

/** Formats a wait for people and for `Retry-After`: whole seconds, at least 1. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
