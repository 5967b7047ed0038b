import { describe, expect, it } from 'vitest';
import {
  generateShareSecret,
  hashShareSecret,
  looksLikeShareSecret,
  shareLinkState,
  shareSecretMatches,
} from './share-secrets.ts';

describe('share secrets', () => {
  it('are 256-bit random, recognisable, and different every time', () => {
    const a = generateShareSecret();
    const b = generateShareSecret();
    expect(a).toMatch(/^rdvs_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(looksLikeShareSecret(a)).toBe(true);
  });

  it('refuses anything not shaped like one before the database is asked', () => {
    for (const bad of ['', 'rdvs_', 'rdv_' + 'a'.repeat(43), 'rdvs_' + 'a'.repeat(42), 'rdvs_' + 'a'.repeat(42) + '!']) {
      expect(looksLikeShareSecret(bad)).toBe(false);
    }
  });

  it('are stored as sha256 hex, which does not contain the secret, and match only themselves', () => {
    const secret = generateShareSecret();
    const hash = hashShareSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret.slice(5, 20));
    expect(shareSecretMatches(secret, hash)).toBe(true);
    expect(shareSecretMatches(generateShareSecret(), hash)).toBe(false);
    expect(shareSecretMatches(secret, 'abcd')).toBe(false);
  });

  it('says why a link stopped working: revoked wins over expired; expiry is inclusive', () => {
    const expiresAt = new Date(10_000);
    expect(shareLinkState({ expiresAt, revokedAt: null }, 9_999)).toBeNull();
    expect(shareLinkState({ expiresAt, revokedAt: null }, 10_000)).toBe('expired');
    expect(shareLinkState({ expiresAt, revokedAt: new Date(5_000) }, 6_000)).toBe('revoked');
    expect(shareLinkState({ expiresAt, revokedAt: new Date(5_000) }, 20_000)).toBe('revoked');
  });
});
