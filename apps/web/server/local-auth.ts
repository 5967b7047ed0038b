import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AuthOutcome, Authenticator } from './authenticator.ts';
import type { SessionRef } from './session-revocations.ts';
import { parseCookies } from './http-utils.ts';

export const SESSION_COOKIE = 'rdv_session';
/** A browser stays logged in this long after redeeming a login link. @default 30 days */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;
/** One-time login tokens not redeemed within this time expire. @default 24 h */
export const LOGIN_TOKEN_TTL_MS = 24 * 3600 * 1000;
/** At most this many unredeemed login tokens are kept (oldest dropped). */
const MAX_LOGIN_TOKENS = 16;
/** v2 carries its issue time, so "log out everywhere" can refuse every cookie issued before it. */
const COOKIE_VERSION = 'v2';

/** The HMAC key of session cookies: 32 random bytes in a 0600 file, made on first use. */
export function loadOrCreateSecret(file: string): Buffer {
  try {
    const existing = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (existing.length >= 32) return existing;
  } catch {
    // missing: created below
  }
  const secret = randomBytes(32);
  writeFileSync(file, `${secret.toString('base64url')}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Local mode (no Cloudflare settings): a one-time login token (printed by the start command,
 * as Jupyter does) buys an http-only, SameSite=Strict session cookie, signed with a key kept in
 * RDV_HOME, so a restart of the web server does not log anyone out. Without the cookie, no page,
 * API call or WebSocket gets through. The cookie names its own id and issue time, which is what
 * logging out revokes (see SessionRevocations).
 */
export class LocalAuth implements Authenticator {
  readonly mode = 'local' as const;
  /** sha256(token) → expiry (ms); only hashes are held. */
  private readonly loginTokens = new Map<string, number>();

  constructor(
    private readonly opts: {
      secret: Buffer;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** A new one-time login token. */
  issueLoginToken(): string {
    const token = randomBytes(24).toString('base64url');
    this.loginTokens.set(sha256(token), this.now() + LOGIN_TOKEN_TTL_MS);
    while (this.loginTokens.size > MAX_LOGIN_TOKENS) {
      const oldest = this.loginTokens.keys().next().value;
      if (oldest === undefined) break;
      this.loginTokens.delete(oldest);
    }
    return token;
  }

  /** True (once) for a token this server issued that has not expired. */
  redeemLoginToken(token: string): boolean {
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return false;
    const key = sha256(token);
    const expires = this.loginTokens.get(key);
    this.loginTokens.delete(key);
    return expires !== undefined && expires > this.now();
  }

  /** The `Set-Cookie` value for a fresh session. */
  sessionCookie(opts: { secure: boolean }): string {
    const issued = this.now();
    const expires = Math.floor(issued / 1000) + SESSION_MAX_AGE_SECONDS;
    const payload = `${COOKIE_VERSION}.${issued}.${expires}.${randomBytes(16).toString('base64url')}`;
    const value = `${payload}.${this.mac(payload)}`;
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_AGE_SECONDS}${opts.secure ? '; Secure' : ''}`;
  }

  /** Clears the cookie (logging out this browser). */
  static clearedCookie(): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
  }

  clearedCookies(): string[] {
    return [LocalAuth.clearedCookie()];
  }

  /** The session a cookie value stands for, when this server signed it and it has not expired. */
  verifySessionCookie(value: string | undefined): SessionRef | null {
    if (!value) return null;
    const parts = value.split('.');
    if (parts.length !== 5 || parts[0] !== COOKIE_VERSION) return null;
    const payload = parts.slice(0, 4).join('.');
    const given = Buffer.from(parts[4] ?? '', 'base64url');
    const expected = Buffer.from(this.mac(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const issuedAtMs = Number(parts[1]);
    const expiresAtMs = Number(parts[2]) * 1000;
    if (!Number.isSafeInteger(issuedAtMs) || !Number.isSafeInteger(expiresAtMs)) return null;
    if (expiresAtMs <= this.now()) return null;
    return { id: parts[3] ?? '', issuedAtMs, expiresAtMs };
  }

  async authenticate(req: IncomingMessage): Promise<AuthOutcome> {
    const cookie = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (!cookie) return { ok: false, reason: 'no session cookie' };
    const session = this.verifySessionCookie(cookie);
    if (!session) return { ok: false, reason: 'no valid session cookie', attempted: true };
    return Promise.resolve({ ok: true, identity: { label: 'local', session } });
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.opts.secret).update(payload).digest('base64url');
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
