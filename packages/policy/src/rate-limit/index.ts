// `@rdv/policy/rate-limit`: rate limiting that the daemon and the web server share. No Node APIs
// and no imports outside this folder, so any runtime may load it.
export { TokenBucketLimiter, DEFAULT_MAX_KEYS, type BucketLimits, type RateDecision } from './token-bucket.ts';
export { FailureBackoff, DEFAULT_BACKOFF_POLICY, type BackoffPolicy } from './failure-backoff.ts';

/** Formats a wait for people and for `Retry-After`: whole seconds, at least 1. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
