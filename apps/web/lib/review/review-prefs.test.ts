import { describe, expect, it } from 'vitest';
import { savedAgainst, savedViewType, saveViewType } from './review-prefs';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    length: 0,
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: () => null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

describe('review preferences', () => {
  it('remember the view type, and start side by side only where it fits', () => {
    const storage = memoryStorage();
    expect(savedViewType(storage, true)).toBe('split');
    expect(savedViewType(storage, false)).toBe('unified');
    saveViewType(storage, 'unified');
    expect(savedViewType(storage, true)).toBe('unified');
    expect(savedAgainst(storage)).toBe('base');
  });
});
