import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { CloudflareAccessConfig } from '@rdv/config';
import type { AuthOutcome, Authenticator } from './authenticator.ts';
import { parseCookies, single } from './http-utils.ts';

/** Cloudflare puts the token in this header on every proxied request... */
export const CF_JWT_HEADER = 'cf-access-jwt-assertion';
/** ...and in this cookie in the browser. */
export const CF_JWT_COOKIE = 'CF_Authorization';
/** Keys are fetched again after this long, or at once when a token names an unknown key. */
const JWKS_CACHE_MS = 10 * 60_000;
const JWKS_TIMEOUT_MS = 5_000;

export type VerifyResult =
  | { ok: true; email: string; issuedAtMs: number; expiresAtMs: number }
  | { ok: false; reason: string };

/**
 * Cloudflare Access mode: the `Cf-Access-Jwt-Assertion` header (or the `CF_Authorization`
 * cookie) must be a JWT signed by one of the team's keys, for this application's audience,
 * issued by the team, not expired, for an allowed email. Every allowed email is the owner; the
 * email is kept for display and logs.
 */
export class CloudflareAuth implements Authenticator {
  readonly mode = 'cloudflare' as const;
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly config: CloudflareAccessConfig,
    keys?: JWTVerifyGetKey,
  ) {
    this.keys =
      keys ??
      createRemoteJWKSet(new URL(config.certsUrl), {
        cacheMaxAge: JWKS_CACHE_MS,
        timeoutDuration: JWKS_TIMEOUT_MS,
      });
  }

  /** Signature, algorithm, issuer, audience, expiry, then the email against the allowed list. */
  async verify(token: string): Promise<VerifyResult> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ['RS256', 'ES256'],
        requiredClaims: ['exp', 'iat', 'email'],
      }));
    } catch (error) {
      return { ok: false, reason: describeJoseError(error) };
    }
    const email = typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : '';
    if (!email) return { ok: false, reason: 'token has no email' };
    if (!emailAllowed(email, this.config.allowedEmails))
      return { ok: false, reason: `${email} is not an allowed user` };
    return {
      ok: true,
      email,
      issuedAtMs: (payload.iat ?? 0) * 1000,
      expiresAtMs: (payload.exp ?? 0) * 1000,
    };
  }

  async authenticate(req: IncomingMessage): Promise<AuthOutcome> {
    const token =
      single(req.headers[CF_JWT_HEADER]) ?? parseCookies(req.headers.cookie).get(CF_JWT_COOKIE);
    if (!token) return { ok: false, reason: 'no Cloudflare Access token' };
    const verified = await this.verify(token);
    if (!verified.ok) return { ...verified, attempted: true };
    // Cloudflare's tokens carry no id of their own: the token's hash names the session.
    const id = createHash('sha256').update(token).digest('base64url').slice(0, 32);
    const session = { id, issuedAtMs: verified.issuedAtMs, expiresAtMs: verified.expiresAtMs };
    return { ok: true, identity: { label: verified.email, session } };
  }

  /** Drops Cloudflare's cookie here; Access itself is signed out at /cdn-cgi/access/logout. */
  clearedCookies(): string[] {
    return [`${CF_JWT_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`];
  }
}

/** `me@example.com` matches itself; `*@example.com` matches anyone at example.com. */
export function emailAllowed(email: string, allowed: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return allowed.some(
    (entry) => entry === email || (entry.startsWith('*@') && entry.slice(2) === domain),
  );
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `claim ${error.claim} invalid: ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'signed with an unknown key';
  if (error instanceof errors.JOSEError) return `${error.code}: ${error.message}`;
  return `cannot verify token: ${(error as Error).message}`;
}
