// The fleet tests' second machine works as a real one: the account reaches its own rdv over a
// real sshd with key authentication, and an unknown host key is refused by ssh itself.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshHost, type SshHost } from '../helpers/ssh-host.ts';

describe('the sshd fixture', () => {
  let host: SshHost;
  beforeAll(async () => {
    host = await startSshHost();
  });
  afterAll(async () => {
    await host?.cleanup();
  });

  it("runs `rdv` as the second account over ssh, against that account's own daemon", () => {
    const whoami = host.ssh(['id', '-un']);
    expect(whoami).toMatchObject({ code: 0 });
    expect(whoami.stdout.trim()).toBe(host.user);
    const status = host.ssh(['rdv', 'server', 'status', '--json']);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      status: 'healthy',
      pid: host.daemon?.child.pid,
    });
    // The daemon is the account's, in the account's home.
    expect(statSync(`${host.rdvHome}/api.sock`).uid).toBe(host.uid);
  });

  it("is refused with ssh's own message when the host key is not known", () => {
    let stderr = '';
    try {
      execFileSync(
        'ssh',
        [
          '-F',
          host.sshConfig,
          '-o',
          'UserKnownHostsFile=/dev/null',
          '-o',
          'StrictHostKeyChecking=ask',
          host.alias,
          'true',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
      );
    } catch (error) {
      stderr = (error as { stderr: string }).stderr;
    }
    expect(stderr).toMatch(/Host key verification failed/);
  });
});
