import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every CLI token starts with this, so a leaked one is easy to recognise and scan for. */
export const CLI_TOKEN_PREFIX = 'rdv_';
/** Random bytes behind every token (256 bits). */
export const TOKEN_BYTES = 32;
/** Characters of a CLI token kept in clear text for lookup (`rdv_` + 8). */
export const CLI_TOKEN_LOOKUP_LENGTH = 12;

/** A fresh CLI token: `rdv_` + 43 base64url characters. Shown once, never stored. */
export function generateCliToken(): string {
  return CLI_TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

/** A fresh service token for the web app: 32 random bytes, base64url. */
export function generateServiceToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The stored form of a token: sha256 hex. Tokens are 256-bit random, so a slow KDF adds nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The clear-text lookup prefix stored beside the hash. */
export function tokenLookupPrefix(token: string): string {
  return token.slice(0, CLI_TOKEN_LOOKUP_LENGTH);
}

/** True when `token` has the shape of a CLI token (cheap check before touching the database). */
export function looksLikeCliToken(token: string): boolean {
  return /^rdv_[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Compares two secrets in constant time. Hashing first gives equal lengths, so the comparison
 * leaks neither the content nor the length of the expected value.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** Compares a presented token against a stored sha256 hex hash in constant time. */
export function tokenMatchesHash(token: string, storedHash: string): boolean {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
