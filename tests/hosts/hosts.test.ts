// `rdv host add|list|test|remove` against a real second machine on loopback: a second OS
// account with its own rdv-server, reached through a real sshd, as the fleet asks.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { getHealth } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { startSshHost, type SshHost } from '../helpers/ssh-host.ts';

const LONG = { timeout: 120_000 };

/** Polls `rdv host list --json` until `name`'s state is `state`. */
async function waitForState(home: string, name: string, state: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const hosts = await rdvJson<Array<{ name: string; state: string }>>(home, ['host', 'list']);
    last = hosts.find((h) => h.name === name);
    if ((last as { state?: string } | undefined)?.state === state)
      return last as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`host ${name} never became ${state}; last: ${JSON.stringify(last)}`);
}

/** Every process's argv on this machine, joined (what `ps` would show anyone). */
function allArgv(): string {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return '';
      }
    })
    .join('\n');
}

describe('rdv host', () => {
  const fx = useDaemon();
  let remote: SshHost;
  const options = () => remote.sshOptions.flatMap((option) => ['--ssh-option', option]);

  beforeAll(async () => {
    remote = await startSshHost();
  });
  afterAll(async () => {
    await remote?.cleanup();
  });

  it("refuses an unknown host key with ssh's own message, and keeps nothing", LONG, async () => {
    const empty = join(fx.home, 'empty_known_hosts');
    writeFileSync(empty, '');
    const unknownKey = options().map((arg) =>
      arg.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${empty}` : arg,
    );
    const result = await rdv(fx.home, ['host', 'add', 'stranger', '127.0.0.1', ...unknownKey], {
      timeoutMs: 60_000,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Host key verification failed/);
    expect(await rdvJson(fx.home, ['host', 'list'])).toEqual([]);
  });

  it('refuses to turn host key checking off', async () => {
    const result = await rdv(fx.home, [
      'host',
      'add',
      'lax',
      '127.0.0.1',
      '--ssh-option',
      'StrictHostKeyChecking=no',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/never accepts host keys unchecked/);
  });

  it('says how to start rdv there when its daemon is not running', LONG, async () => {
    await remote.stopDaemon();
    try {
      const result = await rdv(fx.home, ['host', 'add', 'asleep', '127.0.0.1', ...options()], {
        timeoutMs: 60_000,
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('its daemon is not running');
      expect(result.stderr).toContain('ssh 127.0.0.1 rdv server start');
      expect(await rdvJson(fx.home, ['host', 'list'])).toEqual([]);
    } finally {
      await remote.startDaemon();
    }
  });

  it('says how to install rdv on a machine that has none', LONG, async () => {
    const bare = await startSshHost({ rdv: false });
    try {
      const bareOptions = bare.sshOptions.flatMap((option) => ['--ssh-option', option]);
      const result = await rdv(fx.home, ['host', 'add', 'bare', '127.0.0.1', ...bareOptions], {
        timeoutMs: 60_000,
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('rdv is not installed on 127.0.0.1');
      expect(result.stderr).toContain('ssh 127.0.0.1 rdv server start');
      expect(await rdvJson(fx.home, ['host', 'list'])).toEqual([]);
    } finally {
      await bare.cleanup();
    }
  });

  it('adds the host: connected, its token in a 0600 file, never in an argv', LONG, async () => {
    const added = await rdvJson(fx.home, ['host', 'add', 'remote', '127.0.0.1', ...options()]);
    expect(added).toMatchObject({
      name: 'remote',
      state: 'connected',
      activeSessions: 0,
      reason: null,
    });
    expect(typeof added.version).toBe('string');

    const dir = join(fx.home, 'hosts');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const tokenFile = join(dir, 'remote.token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token.length).toBeGreaterThan(20);
    // A token of its own on the remote, named for this home.
    const remoteTokens = JSON.parse(
      remote.ssh(['rdv', 'token', 'list', '--json']).stdout,
    ) as Array<{ name: string }>;
    expect(remoteTokens.map((t) => t.name).some((name) => name.startsWith('fleet-home-'))).toBe(
      true,
    );
    expect(allArgv()).not.toContain(token);
    // The forwarded sockets: 0600 in a 0700 folder.
    expect(statSync(join(dir, 'sockets')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'sockets/remote.api.sock')).mode & 0o777).toBe(0o600);
    // And health says so.
    const health = await getHealth(fx.daemon.apiSocket);
    expect(health.body.hosts).toEqual([{ name: 'remote', state: 'connected', reason: null }]);
  });

  it("shows the remote's live sessions through the tunnel", LONG, async () => {
    await remote.withOwnApi((client) => client.sessions.create.mutate({ name: 'over-there' }));
    const tested = await rdvJson(fx.home, ['host', 'test', 'remote']);
    expect(tested).toMatchObject({ name: 'remote', state: 'connected', activeSessions: 1 });
    const [listed] = await rdvJson(fx.home, ['host', 'list']);
    expect(listed).toMatchObject({ name: 'remote', state: 'connected', activeSessions: 1 });
    const human = await rdv(fx.home, ['host', 'list']);
    expect(human.stdout).toMatch(/remote\s+127\.0\.0\.1\s+connected/);
  });

  it(
    "is unreachable while sshd is stopped, with ssh's reason, and connected again after",
    LONG,
    async () => {
      await remote.stopSshd();
      const down = await waitForState(fx.home, 'remote', 'unreachable');
      expect(String(down.reason)).toMatch(/ssh 127\.0\.0\.1: .+/);
      const health = await getHealth(fx.daemon.apiSocket);
      expect(health.body.hosts[0]).toMatchObject({ name: 'remote', state: 'unreachable' });
      const test = await rdv(fx.home, ['host', 'test', 'remote', '--json'], { timeoutMs: 90_000 });
      expect(test.code).toBe(1);
      expect(JSON.parse(test.stdout)).toMatchObject({ state: 'unreachable' });

      await remote.startSshd();
      const up = await waitForState(fx.home, 'remote', 'connected');
      expect(up).toMatchObject({ activeSessions: 1, reason: null });
    },
  );

  it(
    "says rdv_missing while the remote's daemon is down, and connected once it is back",
    LONG,
    async () => {
      await remote.stopDaemon();
      try {
        const missing = await waitForState(fx.home, 'remote', 'rdv_missing');
        expect(String(missing.reason)).toContain('ssh 127.0.0.1 rdv server start');
      } finally {
        await remote.startDaemon();
      }
      // Its tmux server kept the session while the daemon was away.
      expect(await waitForState(fx.home, 'remote', 'connected')).toMatchObject({
        activeSessions: 1,
      });
    },
  );

  it('reconnects its hosts when the home daemon restarts', LONG, async () => {
    await fx.restart();
    const up = await waitForState(fx.home, 'remote', 'connected');
    expect(up).toMatchObject({ activeSessions: 1, reason: null });
  });

  it('removes the host: disconnected, its token gone here and revoked there', LONG, async () => {
    const removed = await rdvJson(fx.home, ['host', 'remove', 'remote']);
    expect(removed).toEqual({ name: 'remote', remoteTokenRevoked: true });
    expect(await rdvJson(fx.home, ['host', 'list'])).toEqual([]);
    expect(readdirSync(join(fx.home, 'hosts')).filter((f) => f.endsWith('.token'))).toEqual([]);
    const remoteTokens = JSON.parse(
      remote.ssh(['rdv', 'token', 'list', '--json']).stdout,
    ) as Array<{ name: string }>;
    expect(remoteTokens.map((t) => t.name).some((name) => name.startsWith('fleet-home-'))).toBe(
      false,
    );
    expect((await getHealth(fx.daemon.apiSocket)).body.hosts).toEqual([]);
  });

  it('refuses a bad name or destination before anything runs', async () => {
    const badName = await rdv(fx.home, ['host', 'add', 'Bad Name', '127.0.0.1']);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/host name/);
    // A destination that ssh would read as an option.
    const option = await rdv(fx.home, ['host', 'add', 'evil', '--', '-oProxyCommand=true']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/no leading dash/);
    expect(await rdvJson(fx.home, ['host', 'list'])).toEqual([]);
  });

  it('says when the remote refuses its token (revoked there)', LONG, async () => {
    await rdvJson(fx.home, ['host', 'add', 'again', '127.0.0.1', ...options()]);
    const tokens = JSON.parse(remote.ssh(['rdv', 'token', 'list', '--json']).stdout) as Array<{
      id: string;
      name: string;
    }>;
    const ours = tokens.find((t) => t.name.startsWith('fleet-home-'));
    expect(ours).toBeDefined();
    expect(remote.ssh(['rdv', 'token', 'revoke', ours!.id]).code).toBe(0);
    const refused = await waitForState(fx.home, 'again', 'token_refused');
    expect(String(refused.reason)).toMatch(/refuses this home's token/);
    expect((await getHealth(fx.daemon.apiSocket)).body.hosts).toEqual([
      { name: 'again', state: 'token_refused', reason: refused.reason },
    ]);
    // A refused host can still be removed (its token, revoked already, stays revoked there).
    expect(await rdvJson(fx.home, ['host', 'remove', 'again'])).toMatchObject({ name: 'again' });
    expect(await rdvJson(fx.home, ['host', 'list'])).toEqual([]);
  });
});
