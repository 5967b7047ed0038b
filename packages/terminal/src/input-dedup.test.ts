import { describe, expect, it } from 'vitest';
import { InputDeduplicator, MAX_TRACKED_CLIENTS } from './input-dedup.ts';

describe('InputDeduplicator', () => {
  it('accepts increasing numbers per client and refuses repeats', () => {
    const inputs = new InputDeduplicator();
    expect(inputs.accept('a', 1)).toBe(true);
    expect(inputs.accept('a', 1)).toBe(false);
    expect(inputs.accept('b', 1)).toBe(true);
    expect(inputs.accept('a', 3)).toBe(true);
    expect(inputs.accept('a', 2)).toBe(false);
    expect(inputs.lastApplied('a')).toBe(3);
  });

  it('forgets the least recently used client beyond the cap', () => {
    const inputs = new InputDeduplicator();
    for (let i = 0; i <= MAX_TRACKED_CLIENTS; i++) inputs.accept(`c${i}`, 1);
    expect(inputs.lastApplied('c0')).toBeUndefined();
    expect(inputs.lastApplied(`c${MAX_TRACKED_CLIENTS}`)).toBe(1);
  });
});
