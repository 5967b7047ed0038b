// A host whose key changed (a reinstall, or someone in the middle) is refused by OpenSSH with
// its own message, never accepted: the tunnel stays down with ssh's words as the reason, a new
// `rdv host add` is refused, and known_hosts is never rewritten.
import { readFileSync } from 'node:fs';
import { waitFor } from '@rdv/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { getHealth } from '../helpers/daemon.ts';
import { startSshHost, type SshHost } from '../helpers/ssh-host.ts';

const LONG = { timeout: 180_000 };
/** What OpenSSH says of a key that does not match known_hosts (its last lines, which rdv keeps). */
const SSH_REFUSAL = /Host key verification failed/;

interface Listed {
  name: string;
  state: string;
  reason: string | null;
}

describe('a changed host key', () => {
  const fx = useDaemon();
  let remote: SshHost;
  const options = () => remote.sshOptions.flatMap((option) => ['--ssh-option', option]);

  beforeAll(async () => {
    remote = await startSshHost();
  }, 120_000);
  afterAll(async () => {
    await remote?.cleanup();
  });

  it(
    'is refused by the tunnel and by host add, and known_hosts stays as it was',
    LONG,
    async () => {
      expect(
        await rdvJson(fx.home, ['host', 'add', 'box', '127.0.0.1', ...options()]),
      ).toMatchObject({ state: 'connected' });
      const knownBefore = readFileSync(remote.knownHosts, 'utf8');

      await remote.stopSshd();
      remote.regenerateHostKey();
      await remote.startSshd();

      // The tunnel reconnects, and ssh refuses the new key: unreachable, ssh's reason.
      const refused = await waitFor(
        async () => {
          const hosts = await rdvJson<Listed[]>(fx.home, ['host', 'list']);
          const box = hosts.find((h) => h.name === 'box');
          return box?.state === 'unreachable' && SSH_REFUSAL.test(box.reason ?? '') && box;
        },
        'the tunnel to refuse the changed key',
        90_000,
        500,
      );
      expect(refused.reason).toMatch(/^ssh 127\.0\.0\.1: .*Host key verification failed/);
      const health = await getHealth(fx.daemon.apiSocket);
      expect(health.body.hosts).toEqual([
        { name: 'box', state: 'unreachable', reason: refused.reason },
      ]);
      // `host test` tries again at once: still refused, never accepted.
      const tested = await rdv(fx.home, ['host', 'test', 'box', '--json'], { timeoutMs: 90_000 });
      expect(tested.code).not.toBe(0);
      expect(JSON.parse(tested.stdout)).toMatchObject({ state: 'unreachable' });
      expect(String((JSON.parse(tested.stdout) as Listed).reason)).toMatch(SSH_REFUSAL);

      // Adding the machine again is refused the same way, with ssh's own message; nothing kept.
      const again = await rdv(fx.home, ['host', 'add', 'box2', '127.0.0.1', ...options()], {
        timeoutMs: 60_000,
      });
      expect(again.code).not.toBe(0);
      expect(again.stderr).toMatch(SSH_REFUSAL);
      expect(again.stderr).toMatch(/has changed/);
      expect((await rdvJson<Listed[]>(fx.home, ['host', 'list'])).map((h) => h.name)).toEqual([
        'box',
      ]);

      expect(readFileSync(remote.knownHosts, 'utf8')).toBe(knownBefore);
    },
  );
});
