import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewerRegistry } from './viewer-registry.ts';

describe('ViewerRegistry', () => {
  afterEach(() => vi.useRealTimers());

  it('ends the viewers of a revoked link, and only those', () => {
    const registry = new ViewerRegistry();
    const now = Date.now();
    const a = registry.open({ id: 'l1', sessionId: 's1', expiresAt: new Date(now + 60_000) }, now);
    const b = registry.open({ id: 'l2', sessionId: 's1', expiresAt: new Date(now + 60_000) }, now);
    registry.end({ linkId: 'l1' }, 'revoked');
    expect(a.signal.aborted).toBe(true);
    expect(a.reason()).toBe('revoked');
    expect(b.signal.aborted).toBe(false);
    expect(registry.count()).toBe(1);
    b.close();
    expect(registry.count()).toBe(0);
  });

  it('ends every viewer of a closed session', () => {
    const registry = new ViewerRegistry();
    const now = Date.now();
    const a = registry.open({ id: 'l1', sessionId: 's1', expiresAt: new Date(now + 60_000) }, now);
    const b = registry.open({ id: 'l2', sessionId: 's1', expiresAt: new Date(now + 60_000) }, now);
    const c = registry.open({ id: 'l3', sessionId: 's2', expiresAt: new Date(now + 60_000) }, now);
    registry.end({ sessionId: 's1' }, 'closed');
    expect([a.reason(), b.reason(), c.reason()]).toEqual(['closed', 'closed', undefined]);
    c.close();
  });

  it('ends a viewer by itself when its link expires', () => {
    vi.useFakeTimers();
    const registry = new ViewerRegistry();
    const now = Date.now();
    const viewer = registry.open({ id: 'l1', sessionId: 's1', expiresAt: new Date(now + 5 * 60_000) }, now);
    vi.advanceTimersByTime(5 * 60_000 - 1);
    expect(viewer.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(viewer.signal.aborted).toBe(true);
    expect(viewer.reason()).toBe('expired');
    expect(registry.count()).toBe(0);
  });
});
