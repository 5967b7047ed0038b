import { describe, expect, it } from 'vitest';
import { FailureBackoff, TokenBucketLimiter } from './index.ts';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t, advance: (ms: number) => void (c.t += ms) };
  return c;
}

describe('TokenBucketLimiter', () => {
  it('allows a burst, then refuses with the time until the next token', () => {
    const c = clock();
    const limiter = new TokenBucketLimiter({ burst: 3, perSecond: 2 }, { now: c.now });
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 500 });
    c.advance(500);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('keeps keys apart and never refills above the burst', () => {
    const c = clock();
    const limiter = new TokenBucketLimiter({ burst: 2, perSecond: 1 }, { now: c.now });
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('b').ok).toBe(true);
    c.advance(60_000);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, false]);
  });

  it('forgets the least recently used key beyond maxKeys (bounded memory)', () => {
    const c = clock();
    const limiter = new TokenBucketLimiter({ burst: 1, perSecond: 0.001 }, { now: c.now, maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) limiter.take(`k${i}`);
    expect(limiter.size).toBe(100);
  });

  it('refuses nonsense limits', () => {
    expect(() => new TokenBucketLimiter({ burst: 0, perSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBucketLimiter({ burst: 1, perSecond: 0 })).toThrow(RangeError);
  });
});

describe('FailureBackoff', () => {
  const policy = { freeFailures: 2, baseMs: 1_000, maxMs: 8_000, resetAfterMs: 60_000 };

  it('lets the free failures through, then doubles the wait up to the maximum', () => {
    const c = clock();
    const backoff = new FailureBackoff(policy, { now: c.now });
    expect(backoff.fail('x')).toEqual({ ok: true });
    expect(backoff.fail('x')).toEqual({ ok: true });
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const decision = backoff.fail('x');
      waits.push(decision.ok ? 0 : decision.retryAfterMs);
      expect(backoff.check('x').ok).toBe(false);
      c.advance(decision.ok ? 0 : decision.retryAfterMs);
      expect(backoff.check('x').ok).toBe(true);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('starts over after a success or a quiet period', () => {
    const c = clock();
    const backoff = new FailureBackoff(policy, { now: c.now });
    for (let i = 0; i < 4; i++) backoff.fail('x');
    backoff.succeed('x');
    expect(backoff.check('x').ok).toBe(true);
    expect(backoff.failures('x')).toBe(0);
    for (let i = 0; i < 4; i++) backoff.fail('y');
    c.advance(60_000);
    expect(backoff.check('y').ok).toBe(true);
    expect(backoff.fail('y').ok).toBe(true);
  });
});
