import type { IncomingMessage } from 'node:http';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudflareAuth, emailAllowed } from './cloudflare-auth.ts';

const config = {
  issuer: 'https://team.cloudflareaccess.com',
  audience: 'aud-1',
  allowedEmails: ['alice@example.com', '*@corp.example'],
  certsUrl: 'https://team.cloudflareaccess.com/cdn-cgi/access/certs',
  hostname: null,
};

describe('CloudflareAuth', () => {
  let key: CryptoKey;
  let other: CryptoKey;
  let cf: CloudflareAuth;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    other = (await generateKeyPair('RS256')).privateKey;
    const jwks = createLocalJWKSet({
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }],
    });
    cf = new CloudflareAuth(config, jwks);
  });

  const sign = (
    claims: Record<string, unknown>,
    opts: { key?: CryptoKey; exp?: string | number } = {},
  ) =>
    new SignJWT({ iss: config.issuer, aud: config.audience, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(opts.key ?? key);

  it('verifies signature, issuer, audience and expiry, then the allowed emails', async () => {
    expect(await cf.verify(await sign({ email: 'Alice@Example.com' }))).toMatchObject({
      ok: true,
      email: 'alice@example.com',
    });
    expect(await cf.verify(await sign({ email: 'dev@corp.example' }))).toMatchObject({
      ok: true,
      email: 'dev@corp.example',
    });
    const refusals: Array<[string, string, RegExp]> = [
      ['forged', await sign({ email: 'alice@example.com' }, { key: other }), /signature/],
      [
        'expired',
        await sign({ email: 'alice@example.com' }, { exp: Math.floor(Date.now() / 1000) - 10 }),
        /expired/,
      ],
      ['audience', await sign({ email: 'alice@example.com', aud: 'aud-2' }), /aud/],
      [
        'issuer',
        await sign({ email: 'alice@example.com', iss: 'https://evil.cloudflareaccess.com' }),
        /iss/,
      ],
      ['not allowed', await sign({ email: 'mallory@example.com' }), /not an allowed user/],
      ['no email', await sign({ sub: 'x' }), /email/],
      ['garbage', 'a.b.c', /./],
    ];
    for (const [what, token, reason] of refusals) {
      const result = await cf.verify(token);
      expect({ what, ok: result.ok }).toEqual({ what, ok: false });
      if (!result.ok) expect(result.reason).toMatch(reason);
    }
  });

  it('reads the header or the cookie; the email is only a label, the token names the session', async () => {
    const token = await sign({ email: 'alice@example.com' });
    const fromHeader = await cf.authenticate({
      headers: { 'cf-access-jwt-assertion': token },
    } as unknown as IncomingMessage);
    const fromCookie = await cf.authenticate({
      headers: { cookie: `CF_Authorization=${token}` },
    } as unknown as IncomingMessage);
    expect(fromHeader).toMatchObject({ ok: true, identity: { label: 'alice@example.com' } });
    expect(fromCookie).toEqual(fromHeader);
    const session = fromHeader.ok ? fromHeader.identity.session : null;
    expect(session?.id).toMatch(/^[\w-]{32}$/);
    expect(session!.expiresAtMs - session!.issuedAtMs).toBe(5 * 60_000);
    const another = await cf.authenticate({
      headers: { 'cf-access-jwt-assertion': await sign({ email: 'alice@example.com', n: 2 }) },
    } as unknown as IncomingMessage);
    expect(another.ok && another.identity.session.id).not.toBe(session?.id);
    expect((await cf.authenticate({ headers: {} } as IncomingMessage)).ok).toBe(false);
  });
});

describe('emailAllowed', () => {
  it('matches exact addresses and *@domain, nothing looser', () => {
    const allowed = ['a@x.com', '*@corp.example'];
    expect(emailAllowed('a@x.com', allowed)).toBe(true);
    expect(emailAllowed('b@corp.example', allowed)).toBe(true);
    expect(emailAllowed('b@sub.corp.example', allowed)).toBe(false);
    expect(emailAllowed('b@x.com', allowed)).toBe(false);
    expect(emailAllowed('a@x.com.evil', allowed)).toBe(false);
  });
});
