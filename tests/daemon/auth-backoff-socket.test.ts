// Issue 12, finding 12: sixty bad tokens on sixty connections to api.sock got sixty 401s and
// never a 429: the backoff was per connection. It is per socket now (all its peers are the same
// OS account), and a valid token still goes through while the socket is backed off.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';

const ATTEMPTS = 60;

/** `GET /me.get` on a new connection each time (agent: false): the status and Retry-After. */
function meOnNewConnection(socketPath: string, token: string): Promise<{ status: number; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, path: '/me.get', method: 'GET', agent: false, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 0) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('failed-authentication backoff on api.sock', () => {
  const fx = useDaemon({ config: '[limits]\nauth_free_failures = 5\nauth_backoff_max_seconds = 60\n' });

  it('counts failures per socket, not per connection, and never slows a valid token', async () => {
    const guess = (i: number) => meOnNewConnection(fx.daemon.apiSocket, `rdv_${String(i).padStart(43, 'A')}`);
    const statuses: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) statuses.push((await guess(i)).status);
    const count = (status: number) => statuses.filter((s) => s === status).length;
    console.log(`[auth-backoff] ${ATTEMPTS} wrong tokens on ${ATTEMPTS} connections: ${count(401)} × 401, ${count(429)} × 429`);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    // Waits double (1 s, 2 s, 4 s …): only a handful more guesses are checked, however slow the machine.
    expect(count(401)).toBeLessThanOrEqual(12);
    expect(count(429)).toBeGreaterThanOrEqual(ATTEMPTS - 12);

    // While the socket is backed off (a wait of 2 s or more, so the next calls fall inside it) ...
    for (let i = ATTEMPTS; ; i++) {
      const refused = await guess(i);
      if (refused.status === 429 && refused.retryAfter >= 2) break;
    }
    // ... the owner's CLI on the same socket is served, and does not clear the guesser's count.
    expect((await meOnNewConnection(fx.daemon.apiSocket, fx.daemon.cliToken())).status).toBe(200);
    expect((await guess(0)).status).toBe(429);
  });
});
