// Two hosts alongside: two machines on loopback (each its own OS account, its own rdv-server and
// RDV_HOME, its own sshd on its own port), both added to one home. Both are listed, `session list
// --all-hosts` shows both, and a session made on each is attachable through its own tunnel.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createApiClient } from '@rdv/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { attachScript, terminal } from '../helpers/pty-terminal.ts';
import { startSshHost, type SshHost } from '../helpers/ssh-host.ts';

const LONG = { timeout: 180_000 };

interface ListedSession {
  id: string;
  name: string;
}

describe('a second host alongside the first', () => {
  const fx = useDaemon();
  const machines: Record<'alpha' | 'beta', SshHost | undefined> = {
    alpha: undefined,
    beta: undefined,
  };
  const host = (name: 'alpha' | 'beta') => machines[name]!;

  /** What a machine's own rdv says, on its own socket with its own token. */
  async function sessionsOn(machine: SshHost) {
    const { client, close } = createApiClient({
      socketPath: join(machine.rdvHome, 'api.sock'),
      credentials: { kind: 'cli', token: machine.cliToken() },
    });
    try {
      return await client.sessions.list.query();
    } finally {
      await close();
    }
  }

  beforeAll(async () => {
    // One after the other: each fixture is a useradd, keys, an sshd and a daemon start.
    machines.alpha = await startSshHost();
    machines.beta = await startSshHost();
  }, 180_000);
  afterAll(async () => {
    for (const machine of Object.values(machines)) await machine?.cleanup();
  });

  it('both are added and listed connected, each with its own account', LONG, async () => {
    expect(host('alpha').port).not.toBe(host('beta').port);
    expect(host('alpha').user).not.toBe(host('beta').user);
    for (const name of ['alpha', 'beta'] as const) {
      const options = host(name).sshOptions.flatMap((option) => ['--ssh-option', option]);
      expect(await rdvJson(fx.home, ['host', 'add', name, '127.0.0.1', ...options])).toMatchObject({
        name,
        state: 'connected',
      });
    }
    const listed = await rdvJson<Array<{ name: string; state: string }>>(fx.home, ['host', 'list']);
    expect(listed.map((h) => [h.name, h.state])).toEqual([
      ['alpha', 'connected'],
      ['beta', 'connected'],
    ]);
  });

  it("each tunnel's ssh session holds a pty there (OpenSSH sets TCP_NODELAY only then)", () => {
    // The tunnel's remote end: the account's `sleep`, its stdin a pseudo-terminal. Without one
    // (`ssh -N`) every keystroke's echo waited ~40 ms for a delayed ACK (bench/fleet.ts).
    for (const name of ['alpha', 'beta'] as const) {
      const ttys = readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .filter((pid) => {
          try {
            return (
              statSync(`/proc/${pid}`).uid === host(name).uid &&
              readFileSync(`/proc/${pid}/cmdline`, 'utf8') === 'sleep\u00002147483647\u0000'
            );
          } catch {
            return false;
          }
        })
        .map((pid) => readlinkSync(`/proc/${pid}/fd/0`));
      expect(ttys).toHaveLength(1);
      expect(ttys[0]).toMatch(/^\/dev\/pts\/\d+$/);
    }
  });

  it(
    'a session made on each lands on that machine only; --all-hosts shows both',
    LONG,
    async () => {
      const made: Record<string, ListedSession> = {};
      for (const name of ['alpha', 'beta'] as const) {
        made[name] = await rdvJson<ListedSession>(fx.home, [
          '--host',
          name,
          'session',
          'create',
          '--name',
          `on-${name}`,
        ]);
      }
      expect((await sessionsOn(host('alpha'))).map((s) => s.name)).toEqual(['on-alpha']);
      expect((await sessionsOn(host('beta'))).map((s) => s.name)).toEqual(['on-beta']);

      const listing = await rdvJson<
        Array<{ host: string | null; state: string; sessions: ListedSession[] }>
      >(fx.home, ['session', 'list', '--all-hosts']);
      expect(
        listing.map((part) => [part.host, part.state, part.sessions.map((s) => s.id)]),
      ).toEqual([
        [null, 'connected', []],
        ['alpha', 'connected', [made.alpha!.id]],
        ['beta', 'connected', [made.beta!.id]],
      ]);
      const human = await rdv(fx.home, ['session', 'list', '--all-hosts']);
      expect(human.stdout).toMatch(
        new RegExp(`^alpha\\s+alpha:${made.alpha!.id.slice(0, 8)}\\w*\\s+on-alpha`, 'm'),
      );
      expect(human.stdout).toMatch(
        new RegExp(`^beta\\s+beta:${made.beta!.id.slice(0, 8)}\\w*\\s+on-beta`, 'm'),
      );
    },
  );

  it(
    'each session is attachable through its own host, typing runs as that account',
    LONG,
    async () => {
      for (const name of ['alpha', 'beta'] as const) {
        const [session] = await sessionsOn(host(name));
        const t = terminal(fx.home, attachScript(`attach ${name}:${session!.id.slice(0, 8)}`));
        try {
          t.pty.write(`echo "on-$((6*7)) as $(id -un)"\r`);
          await t.waitFor(`on-42 as ${host(name).user}`, 60_000);
          t.pty.write('\x1d');
          await t.waitFor('STTY-DONE', 30_000);
          expect(t.text()).toContain(`[rdv: detached from on-${name}]`);
          expect(await t.waitExit()).toBe(0);
        } finally {
          t.kill();
        }
      }
    },
  );
});
