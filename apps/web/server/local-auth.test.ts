import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  LOGIN_TOKEN_TTL_MS,
  LocalAuth,
  SESSION_COOKIE,
  SESSION_MAX_AGE_SECONDS,
} from './local-auth.ts';

function auth(now = () => 1_700_000_000_000, secret = randomBytes(32)) {
  return new LocalAuth({ secret, now });
}

const requestWith = (cookie?: string) => ({ headers: cookie ? { cookie } : {} }) as IncomingMessage;
const cookieValue = (setCookie: string) =>
  setCookie.split(';')[0]!.slice(SESSION_COOKIE.length + 1);

describe('LocalAuth', () => {
  it('redeems a login token once', () => {
    const a = auth();
    const token = a.issueLoginToken();
    expect(a.redeemLoginToken(token)).toBe(true);
    expect(a.redeemLoginToken(token)).toBe(false);
    expect(a.redeemLoginToken('not-a-token-at-all-but-long')).toBe(false);
    expect(a.redeemLoginToken('')).toBe(false);
  });

  it('lets login tokens expire', () => {
    let now = 1_000;
    const a = auth(() => now);
    const token = a.issueLoginToken();
    now += LOGIN_TOKEN_TTL_MS + 1;
    expect(a.redeemLoginToken(token)).toBe(false);
  });

  it('sets an http-only, SameSite=Strict cookie, Secure over https', () => {
    const a = auth();
    const plain = a.sessionCookie({ secure: false });
    expect(plain).toMatch(
      new RegExp(
        `^${SESSION_COOKIE}=v2\\.\\d+\\.\\d+\\.[\\w-]+\\.[\\w-]+; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_AGE_SECONDS}$`,
      ),
    );
    expect(a.sessionCookie({ secure: true })).toMatch(/; Secure$/);
  });

  it('accepts its own cookies and nothing else', async () => {
    const a = auth();
    const value = cookieValue(a.sessionCookie({ secure: false }));
    const [, issued, expires, id] = value.split('.');
    expect(await a.authenticate(requestWith(`other=1; ${SESSION_COOKIE}=${value}`))).toEqual({
      ok: true,
      identity: {
        label: 'local',
        session: { id, issuedAtMs: Number(issued), expiresAtMs: Number(expires) * 1000 },
      },
    });
    expect((await a.authenticate(requestWith())).ok).toBe(false);

    const [v, iat, exp, nonce, mac] = value.split('.');
    const tampered = [
      `${v}.${iat}.${Number(exp) + 1000}.${nonce}.${mac}`,
      `${v}.${Number(iat) + 1}.${exp}.${nonce}.${mac}`,
      `${v}.${iat}.${exp}.${nonce}x.${mac}`,
      `${v}.${iat}.${exp}.${nonce}.${mac!.slice(1)}`,
      // A v1 cookie (no issue time) from before "log out everywhere" existed.
      `v1.${exp}.${nonce}.${mac}`,
      'v1.1.2',
    ];
    for (const forged of tampered) expect(a.verifySessionCookie(forged)).toBeNull();
    // Another server's key (another RDV_HOME) does not match.
    expect(auth().verifySessionCookie(value)).toBeNull();
  });

  it('expires cookies', () => {
    let now = 1_000_000;
    const a = auth(() => now);
    const value = cookieValue(a.sessionCookie({ secure: false }));
    now += SESSION_MAX_AGE_SECONDS * 1000 + 1000;
    expect(a.verifySessionCookie(value)).toBeNull();
  });
});
