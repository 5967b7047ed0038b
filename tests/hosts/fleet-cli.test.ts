// The CLI across the fleet: `rdv --host NAME`, host-qualified ids (`remote:3f2a`), against a
// real second machine on loopback (a second OS account with its own rdv-server, through sshd).
import { createApiClient } from '@rdv/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { attachScript, terminal } from '../helpers/pty-terminal.ts';
import { startSshHost, type SshHost } from '../helpers/ssh-host.ts';
import { join } from 'node:path';

const LONG = { timeout: 120_000 };

interface ListedSession {
  id: string;
  name: string;
  status: string;
}

/** Polls `rdv host list --json` until `name`'s state is `state`. */
async function waitForState(home: string, name: string, state: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const hosts = await rdvJson<Array<{ name: string; state: string }>>(home, ['host', 'list']);
    last = hosts.find((h) => h.name === name);
    if ((last as { state?: string } | undefined)?.state === state) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`host ${name} never became ${state}; last: ${JSON.stringify(last)}`);
}

describe('the CLI on a registered host', () => {
  const fx = useDaemon();
  let remote: SshHost;
  /** What the remote's own rdv says, asked on its own socket with its own token. */
  const remoteSessions = () => remote.withOwnApi((client) => client.sessions.list.query());

  beforeAll(async () => {
    remote = await startSshHost();
    const options = remote.sshOptions.flatMap((option) => ['--ssh-option', option]);
    await rdvJson(fx.home, ['host', 'add', 'remote', '127.0.0.1', ...options]);
  }, 120_000);
  afterAll(async () => {
    await remote?.cleanup();
  });

  it('--host creates, lists and gets sessions on that host, not here', LONG, async () => {
    const created = await rdvJson<ListedSession>(fx.home, [
      '--host',
      'remote',
      'session',
      'create',
      '--name',
      'over-there',
    ]);
    expect(created).toMatchObject({ name: 'over-there', status: 'active' });
    // The remote's rdv has it; this machine's does not.
    expect((await remoteSessions()).map((s) => s.id)).toContain(created.id);
    expect((await fx.api.client.sessions.list.query()).map((s) => s.id)).not.toContain(created.id);

    const listed = await rdvJson<ListedSession[]>(fx.home, ['--host', 'remote', 'session', 'list']);
    expect(listed.map((s) => s.id)).toEqual([created.id]);
    // The table shows the host's ids qualified, ready to paste into another command.
    const table = await rdv(fx.home, ['--host', 'remote', 'session', 'list']);
    expect(table.stdout).toMatch(
      new RegExp(`^remote:${created.id.slice(0, 8)}\\w*\\s+over-there\\s`, 'm'),
    );
    const here = await rdvJson<ListedSession[]>(fx.home, ['session', 'list']);
    expect(here.map((s) => s.id)).not.toContain(created.id);

    const got = await rdvJson<ListedSession>(fx.home, [
      '--host',
      'remote',
      'session',
      'get',
      'over-there',
    ]);
    expect(got.id).toBe(created.id);
  });

  it('takes a host-qualified id (NAME:ID) and routes it to that host', LONG, async () => {
    const [there] = await remoteSessions();
    const prefix = there!.id.slice(0, 8);
    const got = await rdvJson<ListedSession>(fx.home, ['session', 'get', `remote:${prefix}`]);
    expect(got).toMatchObject({ id: there!.id, name: 'over-there' });
    // exec through a qualified id reaches the remote's pty.
    const typed = await rdv(fx.home, [
      'session',
      'exec',
      `remote:${there!.id}`,
      'echo fleet-$((6*7))',
    ]);
    expect(typed.code).toBe(0);
    await expect
      .poll(
        async () => (await rdv(fx.home, ['session', 'scrollback', `remote:${there!.id}`])).stdout,
        { timeout: 30_000, interval: 500 },
      )
      .toContain('fleet-42');
    // A prefix that names no host is part of a session name: looked up here, not found.
    const plain = await rdv(fx.home, ['session', 'get', 'nohost:abcd']);
    expect(plain.code).toBe(3);
  });

  it("refuses an unknown host, and --host on this machine's own commands", async () => {
    const unknown = await rdv(fx.home, ['--host', 'nope', 'session', 'list']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('no host nope');
    const local = await rdv(fx.home, ['--host', 'remote', 'server', 'status']);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--host does not apply');
  });

  it('refuses one command on two hosts, changing nothing', LONG, async () => {
    // The same machine under a second name is a second host (its own tunnel and token).
    const options = remote.sshOptions.flatMap((option) => ['--ssh-option', option]);
    await rdvJson(fx.home, ['host', 'add', 'twin', '127.0.0.1', ...options]);
    try {
      const [there] = await remoteSessions();
      const before = (await remoteSessions()).length;
      const mixed = await rdv(fx.home, [
        '--host',
        'remote',
        'session',
        'close',
        `twin:${there!.id}`,
      ]);
      expect(mixed.code).toBe(2);
      expect(mixed.stderr).toContain('one command talks to one host; got remote and twin');
      const both = await rdv(fx.home, [
        'session',
        'close',
        `remote:${there!.id}`,
        `twin:${there!.id}`,
      ]);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('the sessions of one command must all be on the same host');
      expect((await remoteSessions()).filter((s) => s.status === 'active')).toHaveLength(before);
    } finally {
      await rdvJson(fx.home, ['host', 'remove', 'twin']);
    }
  });

  it(
    'session list --all-hosts: this machine first, then the host, ids qualified',
    LONG,
    async () => {
      const local = await fx.api.client.sessions.create.mutate({ name: 'right-here' });
      const [there] = await remoteSessions();
      const listing = await rdvJson<
        Array<{ host: string | null; state: string; sessions: ListedSession[] }>
      >(fx.home, ['session', 'list', '--all-hosts']);
      expect(listing.map((part) => [part.host, part.state])).toEqual([
        [null, 'connected'],
        ['remote', 'connected'],
      ]);
      expect(listing[0]!.sessions.map((s) => s.id)).toEqual([local.id]);
      expect(listing[1]!.sessions.map((s) => s.id)).toEqual([there!.id]);

      const human = await rdv(fx.home, ['session', 'list', '--all-hosts']);
      expect(human.code).toBe(0);
      const lines = human.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^HOST\s+ID\s+NAME/);
      expect(lines[1]).toMatch(new RegExp(`^local\\s+${local.id.slice(0, 8)}\\w*\\s+right-here`));
      expect(lines[2]).toMatch(
        new RegExp(`^remote\\s+remote:${there!.id.slice(0, 8)}\\w*\\s+over-there`),
      );
    },
  );

  it(
    'rdv attach remote:ID attaches through the tunnel in a real pty: output and typing',
    LONG,
    async () => {
      const [there] = await remoteSessions();
      // Output the remote session printed before anyone attached.
      const { client, close } = createApiClient({
        socketPath: join(remote.rdvHome, 'api.sock'),
        credentials: { kind: 'cli', token: remote.cliToken() },
      });
      try {
        await client.sessions.exec.mutate({ id: there!.id, text: 'echo before-$((40+2))' });
      } finally {
        await close();
      }
      const t = terminal(fx.home, attachScript(`attach remote:${there!.id.slice(0, 8)}`));
      try {
        await t.waitFor('before-42', 60_000);
        // Typed here, run there: as the remote account, in its rdv's tmux.
        t.pty.write('echo "typed-$((6*7)) by $(id -un)"\r');
        await t.waitFor(`typed-42 by ${remote.user}`, 60_000);
        await expect
          .poll(
            async () =>
              (await rdv(fx.home, ['session', 'scrollback', `remote:${there!.id}`])).stdout,
            { timeout: 30_000, interval: 500 },
          )
          .toContain(`typed-42 by ${remote.user}`);
        t.pty.write('\x1d');
        await t.waitFor('STTY-DONE', 30_000);
        expect(t.text()).toContain('[rdv: detached from over-there]');
        expect(t.text()).toContain('CLI-EXIT=0');
        expect(await t.waitExit()).toBe(0);
      } finally {
        t.kill();
      }
    },
  );

  it(
    "fails with the host's state while it is not connected; --all-hosts lists it as such",
    LONG,
    async () => {
      await remote.stopSshd();
      try {
        await waitForState(fx.home, 'remote', 'unreachable');
        const down = await rdv(fx.home, ['--host', 'remote', 'session', 'list']);
        expect(down.code).toBe(4);
        expect(down.stderr).toMatch(/host remote is unreachable: ssh 127\.0\.0\.1: .+/);
        const [there] = await remoteSessions();
        const qualified = await rdv(fx.home, ['session', 'get', `remote:${there!.id}`]);
        expect(qualified.code).toBe(4);
        expect(qualified.stderr).toContain('host remote is unreachable');

        // --all-hosts still lists this machine, and the host with its state; exit code 0.
        const listing = await rdv(fx.home, ['session', 'list', '--all-hosts', '--json']);
        expect(listing.code).toBe(0);
        const parts = JSON.parse(listing.stdout) as Array<{
          host: string | null;
          state: string;
          reason: string | null;
          sessions: ListedSession[];
        }>;
        expect(parts[0]).toMatchObject({ host: null, state: 'connected' });
        expect(parts[0]!.sessions.map((s) => s.name)).toEqual(['right-here']);
        expect(parts[1]).toMatchObject({ host: 'remote', state: 'unreachable', sessions: [] });
        expect(parts[1]!.reason).toMatch(/ssh 127\.0\.0\.1: .+/);
        const human = await rdv(fx.home, ['session', 'list', '--all-hosts']);
        expect(human.code).toBe(0);
        expect(human.stdout).toMatch(/^local\s+\w+\s+right-here/m);
        expect(human.stdout).toMatch(/^remote\s+-\s+-\s+-\s+unreachable: ssh 127\.0\.0\.1/m);
      } finally {
        await remote.startSshd();
      }
      await waitForState(fx.home, 'remote', 'connected');
    },
  );
});
