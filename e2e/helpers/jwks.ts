import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export const TEST_TEAM = 'rdv-e2e';
export const TEST_ISSUER = `https://${TEST_TEAM}.cloudflareaccess.com`;
export const TEST_AUDIENCE = 'rdv-e2e-audience-tag';
export const KEY_ID = 'e2e-key-1';

/** A stand-in for `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`, on loopback. */
export interface TestJwks {
  certsUrl: string;
  /** Signs a token like Cloudflare Access would; override any claim or the key. */
  sign: (
    claims: JWTPayload & { email?: string },
    opts?: { key?: CryptoKey; expiresIn?: string | number; kid?: string },
  ) => Promise<string>;
  /** A key that is not in the JWKS (for forged tokens). */
  otherKey: CryptoKey;
  close: () => Promise<void>;
}

export async function startTestJwks(): Promise<TestJwks> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/cdn-cgi/access/certs') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    certsUrl: `http://127.0.0.1:${port}/cdn-cgi/access/certs`,
    otherKey: other.privateKey,
    sign: async (claims, opts = {}) => {
      const jwt = new SignJWT({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? KEY_ID })
        .setIssuedAt();
      if (opts.expiresIn !== undefined) jwt.setExpirationTime(opts.expiresIn);
      else if (claims.exp === undefined) jwt.setExpirationTime('10m');
      return jwt.sign(opts.key ?? privateKey);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
