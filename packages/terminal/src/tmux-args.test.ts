import { describe, expect, it } from 'vitest';
import { chunkUtf8, paneTarget, sessionTarget } from './tmux-args.ts';

describe('targets', () => {
  it('match sessions exactly and reject unsafe names', () => {
    expect(sessionTarget('rdv-a')).toBe('=rdv-a');
    expect(paneTarget('rdv-a')).toBe('=rdv-a:');
    for (const bad of ['', 'a:b', 'a.b', 'a b', '=a', 'a;'])
      expect(() => sessionTarget(bad)).toThrow(RangeError);
  });
});

describe('chunkUtf8', () => {
  it('keeps chunks within the byte limit without splitting characters', () => {
    const text = 'aé日🙂'.repeat(300);
    const chunks = chunkUtf8(text, 512);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(512);
      expect(chunk).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/); // no lone surrogate halves
      expect(Buffer.from(chunk).toString()).toBe(chunk);
    }
    // Full chunks: at most 3 bytes short of the limit (the next character did not fit).
    for (const chunk of chunks.slice(0, -1)) expect(Buffer.byteLength(chunk)).toBeGreaterThan(508);
  });

  it('returns nothing for empty text', () => {
    expect(chunkUtf8('', 512)).toEqual([]);
  });
});
