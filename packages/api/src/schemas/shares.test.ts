import { describe, expect, it } from 'vitest';
import { DEFAULT_SHARE_LIFETIME_SECONDS, shareCreateInput, shareWatchInput } from './shares.ts';

describe('share link inputs', () => {
  it('default to one hour', () => {
    const parsed = shareCreateInput.parse({ sessionId: 'abc', label: 'pairing' });
    expect(parsed.expiresInSeconds).toBe(DEFAULT_SHARE_LIFETIME_SECONDS);
    expect(DEFAULT_SHARE_LIFETIME_SECONDS).toBe(3600);
  });

  it('bound the lifetime to 5 minutes .. 7 days', () => {
    expect(shareCreateInput.safeParse({ sessionId: 'abc', label: 'x', expiresInSeconds: 299 }).success).toBe(false);
    expect(shareCreateInput.safeParse({ sessionId: 'abc', label: 'x', expiresInSeconds: 300 }).success).toBe(true);
    expect(shareCreateInput.safeParse({ sessionId: 'abc', label: 'x', expiresInSeconds: 7 * 86400 }).success).toBe(true);
    expect(shareCreateInput.safeParse({ sessionId: 'abc', label: 'x', expiresInSeconds: 7 * 86400 + 1 }).success).toBe(false);
  });

  it('bound the label: not empty, one line, at most 80 characters', () => {
    expect(shareCreateInput.safeParse({ sessionId: 'abc', label: '  ' }).success).toBe(false);
    expect(shareCreateInput.safeParse({ sessionId: 'abc', label: 'a\nb' }).success).toBe(false);
    expect(shareCreateInput.safeParse({ sessionId: 'abc', label: 'a'.repeat(81) }).success).toBe(false);
    expect(shareCreateInput.safeParse({ sessionId: 'abc', label: 'a'.repeat(80) }).success).toBe(true);
  });

  it('bound the secret a viewer sends', () => {
    expect(shareWatchInput.safeParse({ secret: '' }).success).toBe(false);
    expect(shareWatchInput.safeParse({ secret: 'x'.repeat(129) }).success).toBe(false);
  });
});
