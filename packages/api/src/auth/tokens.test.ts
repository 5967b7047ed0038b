import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  generateCliToken,
  generateServiceToken,
  hashToken,
  looksLikeCliToken,
  tokenLookupPrefix,
  tokenMatchesHash,
} from './tokens.ts';

describe('cli tokens', () => {
  it('have the rdv_ prefix and 256 bits of randomness', () => {
    const token = generateCliToken();
    expect(token).toMatch(/^rdv_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(looksLikeCliToken(token)).toBe(true);
  });

  it('are unique', () => {
    const seen = new Set(Array.from({ length: 1000 }, generateCliToken));
    expect(seen.size).toBe(1000);
  });

  it('hash to sha256 hex that matches only the same token', () => {
    const token = generateCliToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token.slice(4, 20));
    expect(tokenMatchesHash(token, hash)).toBe(true);
    expect(tokenMatchesHash(generateCliToken(), hash)).toBe(false);
    expect(tokenMatchesHash(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), hash)).toBe(false);
  });

  it('reject a corrupt stored hash without throwing', () => {
    expect(tokenMatchesHash(generateCliToken(), 'not-hex')).toBe(false);
  });

  it('keep a short clear prefix for lookup', () => {
    const token = generateCliToken();
    expect(tokenLookupPrefix(token)).toBe(token.slice(0, 12));
  });

  it('recognise malformed tokens', () => {
    expect(looksLikeCliToken('rdv_short')).toBe(false);
    expect(looksLikeCliToken('xyz_' + 'a'.repeat(43))).toBe(false);
    expect(looksLikeCliToken('rdv_' + 'a'.repeat(42) + '!')).toBe(false);
  });
});

describe('service tokens', () => {
  it('are 32 random bytes in base64url', () => {
    const token = generateServiceToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(generateServiceToken()).not.toBe(token);
  });

  it('compare in constant time, including different lengths', () => {
    const token = generateServiceToken();
    expect(constantTimeEqual(token, token)).toBe(true);
    expect(constantTimeEqual(token, token + 'x')).toBe(false);
    expect(constantTimeEqual(token, '')).toBe(false);
  });
});
