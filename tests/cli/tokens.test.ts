import { describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

describe('rdv token: create, list, revoke; a revoked token is refused', () => {
  const fx = useDaemon();

  it('creates a token that works through RDV_TOKEN, lists it, revokes it, then it is refused (exit 5)', async () => {
    const created = await rdv(fx.home, ['token', 'create', 'ci-bot', '--expires-in', '30d']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^rdv_/);
    expect(created.stderr).toContain('shown only now');

    const asBot = await rdvJson(fx.home, ['whoami'], { env: { RDV_TOKEN: token } });
    expect(asBot.tokenKind).toBe('cli');

    const list = await rdv(fx.home, ['token', 'list']);
    expect(list.stdout).toMatch(/ci-bot\s+rdv_\S+\s+expires in (29|30)d/);
    expect(list.stdout).not.toContain(token); // never the secret

    const revoked = await rdv(fx.home, ['token', 'revoke', 'ci-bot']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^revoked token ci-bot \(\S+\)\n$/);

    const refused = await rdv(fx.home, ['session', 'list'], { env: { RDV_TOKEN: token } });
    expect(refused.code).toBe(5);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^rdv: the daemon refused the token \(.+\); check RDV_TOKEN or the cli-token file in RDV_HOME\n$/,
    );

    // Revoked tokens leave the default list; --all shows them as revoked.
    expect((await rdv(fx.home, ['token', 'list'])).stdout).not.toContain('ci-bot');
    expect((await rdv(fx.home, ['token', 'list', '--all'])).stdout).toMatch(
      /ci-bot\s+rdv_\S+\s+revoked/,
    );
    // The local cli-token still works.
    expect((await rdv(fx.home, ['whoami'])).code).toBe(0);
  });

  it('refuses a made-up token and bad input', async () => {
    expect((await rdv(fx.home, ['whoami'], { env: { RDV_TOKEN: 'rdv_not-a-real-token' } })).code).toBe(
      5,
    );
    expect((await rdv(fx.home, ['token', 'create', 'x', '--expires-in', 'soon'])).code).toBe(2);
    expect((await rdv(fx.home, ['token', 'revoke', 'no-such-token'])).code).toBe(3);
    const json = await rdvJson(fx.home, ['token', 'create', 'json-made']);
    expect(json).toMatchObject({ name: 'json-made', revokedAt: null });
    expect(json.token).toMatch(/^rdv_/);
    expect((await rdv(fx.home, ['token', 'revoke', json.prefix])).code).toBe(0);
  });
});
