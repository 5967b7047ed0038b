import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer.ts';

function filled(maxBytes: number, sizes: number[]) {
  const buffer = new ReplayBuffer(maxBytes);
  let seq = 0;
  for (const size of sizes) {
    seq += size;
    buffer.push({ seq, data: 'x'.repeat(size) });
  }
  return buffer;
}

describe('ReplayBuffer', () => {
  it('replays exactly the chunks after a boundary', () => {
    const buffer = filled(100, [10, 20, 30]);
    expect(buffer.after(0)?.map((c) => c.seq)).toEqual([10, 30, 60]);
    expect(buffer.after(10)?.map((c) => c.seq)).toEqual([30, 60]);
    expect(buffer.after(60)).toEqual([]);
  });

  it('rejects offsets that are not boundaries or are in the future', () => {
    const buffer = filled(100, [10, 20]);
    expect(buffer.after(5)).toBeUndefined();
    expect(buffer.after(31)).toBeUndefined();
  });

  it('evicts the oldest chunks beyond its size, keeping the new start as a boundary', () => {
    const buffer = filled(45, [10, 20, 30]);
    expect(buffer.byteLength).toBe(30);
    expect(buffer.after(0)).toBeUndefined();
    expect(buffer.after(10)).toBeUndefined();
    expect(buffer.after(30)?.map((c) => c.seq)).toEqual([60]);
  });

  it('stays correct across many evictions', () => {
    const buffer = filled(
      1000,
      Array.from({ length: 5000 }, () => 7),
    );
    expect(buffer.byteLength).toBeLessThanOrEqual(1000);
    const last = 5000 * 7;
    expect(buffer.after(last - 14)?.map((c) => c.seq)).toEqual([last - 7, last]);
  });
});
