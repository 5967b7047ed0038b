/** A bucket's size and refill rate. */
export interface BucketLimits {
  /** Calls that may be made at once after a quiet period (the bucket's capacity). */
  burst: number;
  /** Calls per second sustained (the refill rate). */
  perSecond: number;
}

/** The outcome of `take`: allowed, or refused with how long until it would be allowed. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/** Keys tracked at most; the least recently used is forgotten first. @default 10_000 */
export const DEFAULT_MAX_KEYS = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets keyed by a string (a token id, a client address). Pure and synchronous, with no
 * Node APIs, so the daemon and the web server share it. Memory is bounded by `maxKeys`: the
 * least recently used key is forgotten first, which only ever makes a limiter more lenient.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(
    private readonly limits: BucketLimits,
    options: { maxKeys?: number; now?: () => number } = {},
  ) {
    if (!(limits.burst >= 1) || !(limits.perSecond > 0)) {
      throw new RangeError(`invalid bucket limits: burst ${limits.burst}, perSecond ${limits.perSecond}`);
    }
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.now = options.now ?? Date.now;
  }

  /** Takes `cost` tokens from `key`'s bucket, or says how long until they would be there. */
  take(key: string, cost = 1): RateDecision {
    const now = this.now();
    const bucket = this.refill(key, now);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { ok: true };
    }
    const missing = cost - bucket.tokens;
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil((missing / this.limits.perSecond) * 1000)) };
  }

  /** Keys tracked now (for tests and health). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (bucket) {
      // Re-inserting moves the key to the end: the Map's order is least recently used first.
      this.buckets.delete(key);
      const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
      bucket.tokens = Math.min(this.limits.burst, bucket.tokens + elapsed * this.limits.perSecond);
      bucket.updatedAt = now;
    } else {
      bucket = { tokens: this.limits.burst, updatedAt: now };
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next();
        if (!oldest.done) this.buckets.delete(oldest.value);
      }
    }
    this.buckets.set(key, bucket);
    return bucket;
  }
}
