import { describe, expect, it } from 'vitest';
import { SizePolicy } from './size-policy.ts';

describe('SizePolicy', () => {
  it('follows the latest resize while nobody has typed', () => {
    const sizes = new SizePolicy({ cols: 80, rows: 24 });
    expect(sizes.resize('a', { cols: 100, rows: 30 })).toEqual({ cols: 100, rows: 30 });
    expect(sizes.resize('b', { cols: 90, rows: 20 })).toEqual({ cols: 90, rows: 20 });
    expect(sizes.resize('b', { cols: 90, rows: 20 })).toBeUndefined(); // no change
  });

  it('lets the client that typed last decide, and never flaps', () => {
    const sizes = new SizePolicy({ cols: 80, rows: 24 });
    sizes.resize('a', { cols: 100, rows: 30 });
    sizes.resize('b', { cols: 90, rows: 20 });
    expect(sizes.noteActivity('a')).toEqual({ cols: 100, rows: 30 });
    // b keeps resizing (a window being dragged): remembered, not applied.
    expect(sizes.resize('b', { cols: 120, rows: 40 })).toBeUndefined();
    expect(sizes.resize('b', { cols: 121, rows: 40 })).toBeUndefined();
    expect(sizes.noteActivity('a')).toBeUndefined();
    expect(sizes.current).toEqual({ cols: 100, rows: 30 });
    expect(sizes.noteActivity('b')).toEqual({ cols: 121, rows: 40 });
  });

  it('ignores input from a client whose size is unknown', () => {
    const sizes = new SizePolicy({ cols: 80, rows: 24 });
    sizes.resize('a', { cols: 100, rows: 30 });
    expect(sizes.noteActivity('cli')).toBeUndefined();
    expect(sizes.current).toEqual({ cols: 100, rows: 30 });
  });

  it('falls back to the next client when the one in charge leaves', () => {
    const sizes = new SizePolicy({ cols: 80, rows: 24 });
    sizes.resize('a', { cols: 100, rows: 30 });
    sizes.resize('b', { cols: 90, rows: 20 });
    sizes.noteActivity('b');
    expect(sizes.forget('b')).toEqual({ cols: 100, rows: 30 });
    expect(sizes.forget('a')).toBeUndefined(); // nobody left: keep the size
  });
});
