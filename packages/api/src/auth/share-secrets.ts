import { randomBytes } from 'node:crypto';
import { hashToken, TOKEN_BYTES, tokenMatchesHash } from './tokens.ts';

/** Every share link's secret starts with this, so a leaked one is easy to recognise. */
export const SHARE_SECRET_PREFIX = 'rdvs_';

const SHARE_SECRET_PATTERN = /^rdvs_[A-Za-z0-9_-]{43}$/;

/** A fresh share secret: `rdvs_` + 32 random bytes in base64url. Shown once, never stored. */
export function generateShareSecret(): string {
  return SHARE_SECRET_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

/** True when `secret` has the shape of a share secret (checked before touching the database). */
export function looksLikeShareSecret(secret: string): boolean {
  return SHARE_SECRET_PATTERN.test(secret);
}

/**
 * The stored form: sha256 hex. The secret is 256 bits of randomness, so a slow KDF adds nothing;
 * the hash is also the lookup key (an index lookup leaks at most a prefix of a hash).
 */
export function hashShareSecret(secret: string): string {
  return hashToken(secret);
}

/** Compares a presented secret against a stored hash in constant time. */
export function shareSecretMatches(secret: string, storedHash: string): boolean {
  return tokenMatchesHash(secret, storedHash);
}

/** Why a share link no longer works at `now`, or null while it does. */
export function shareLinkState(
  link: { expiresAt: Date; revokedAt: Date | null },
  now: number,
): 'revoked' | 'expired' | null {
  if (link.revokedAt) return 'revoked';
  return link.expiresAt.getTime() <= now ? 'expired' : null;
}
