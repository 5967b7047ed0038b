import { DEFAULT_MAX_KEYS, type RateDecision } from './token-bucket.ts';

/** How repeated failures (wrong tokens) are slowed down. */
export interface BackoffPolicy {
  /** Failures allowed before the first wait. */
  freeFailures: number;
  /** The first wait; every further failure doubles it. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
  /** A key with no failure for this long starts over. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF_POLICY: BackoffPolicy = {
  freeFailures: 5,
  baseMs: 1_000,
  maxMs: 5 * 60_000,
  resetAfterMs: 15 * 60_000,
};

interface State {
  failures: number;
  blockedUntil: number;
  lastFailureAt: number;
}

/**
 * Exponential backoff per key: after `freeFailures` failures, each further one blocks the key
 * for `baseMs`, then twice that, up to `maxMs`. While blocked, callers are refused before any
 * verification, so a blocked client costs nothing. A success clears the key. Runtime-neutral.
 */
export class FailureBackoff {
  private readonly states = new Map<string, State>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF_POLICY,
    options: { maxKeys?: number; now?: () => number } = {},
  ) {
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.now = options.now ?? Date.now;
  }

  /** Whether `key` may try now. */
  check(key: string): RateDecision {
    const state = this.current(key);
    if (!state) return { ok: true };
    const wait = state.blockedUntil - this.now();
    return wait > 0 ? { ok: false, retryAfterMs: wait } : { ok: true };
  }

  /** Records a failure; returns the wait it imposes (ok when still within the free failures). */
  fail(key: string): RateDecision {
    const now = this.now();
    const state = this.current(key) ?? { failures: 0, blockedUntil: 0, lastFailureAt: now };
    state.failures += 1;
    state.lastFailureAt = now;
    const over = state.failures - this.policy.freeFailures;
    if (over > 0) {
      const wait = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** Math.min(over - 1, 30));
      state.blockedUntil = now + wait;
    }
    this.states.delete(key);
    if (this.states.size >= this.maxKeys) {
      const oldest = this.states.keys().next();
      if (!oldest.done) this.states.delete(oldest.value);
    }
    this.states.set(key, state);
    return over > 0 ? { ok: false, retryAfterMs: state.blockedUntil - now } : { ok: true };
  }

  /** Forgets `key`'s failures (it authenticated). */
  succeed(key: string): void {
    this.states.delete(key);
  }

  /** Failures recorded for `key` in its current run. */
  failures(key: string): number {
    return this.current(key)?.failures ?? 0;
  }

  private current(key: string): State | undefined {
    const state = this.states.get(key);
    if (state && this.now() - state.lastFailureAt >= this.policy.resetAfterMs) {
      this.states.delete(key);
      return undefined;
    }
    return state;
  }
}
