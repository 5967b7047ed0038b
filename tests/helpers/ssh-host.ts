// A second machine on loopback, for the fleet tests: a fresh OS account (useradd) that runs its
// own rdv-server from this checkout in its own home, and a real `sshd` on 127.0.0.1 that lets
// the home side in with a temporary key. Needs root (tests run as root here and in CI) and
// OpenSSH (`.ci/run` installs it).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  readdirSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  spawnDaemon as spawnDaemonChild,
  waitForHealth,
  type DaemonChild,
} from '@rdv/client/daemon';
import { createApiClient } from '@rdv/client';
import { DAEMON_ENTRY } from './daemon.ts';
import { CLI_BIN } from './cli.ts';
import { rdvTmuxSockets } from '@rdv/test-support/rdv-tmux';

export const SSHD = '/usr/sbin/sshd';

type ApiClient = ReturnType<typeof createApiClient>;

export interface SshHost {
  /** The account's name (unique per run). */
  user: string;
  uid: number;
  gid: number;
  /** Its home folder (owned by it, 0755), and its RDV_HOME in there (~/.rdv). */
  userHome: string;
  rdvHome: string;
  port: number;
  /** The home side's files: client key, known_hosts, an ssh config naming `alias`. */
  clientKey: string;
  knownHosts: string;
  sshConfig: string;
  /** `Host` in sshConfig. */
  alias: string;
  /** `-o` options that reach this host without sshConfig (what `rdv host add --ssh-option` takes). */
  sshOptions: string[];
  /** The account's daemon (null when stopped). */
  daemon: DaemonChild | null;
  startDaemon(): Promise<void>;
  stopDaemon(): Promise<void>;
  startSshd(): Promise<void>;
  stopSshd(): Promise<void>;
  /**
   * A new host key for sshd (as after a reinstall, or a machine in the middle); known_hosts is
   * left as it was. Takes effect at the next startSshd.
   */
  regenerateHostKey(): void;
  /** `ssh -F sshConfig alias <command>` (the home side's view), argv-only. */
  ssh(command: string[]): { code: number; stdout: string; stderr: string };
  /** The account's CLI token (its daemon writes it on first start). */
  cliToken(): string;
  /** Runs `run` with a client of the account's own rdv (its own socket and token, no tunnel). */
  withOwnApi<T>(run: (client: ApiClient['client']) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (taken and released; sshd binds it right after). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether a process with `setprivArgs` can open a pty (tmux needs one per session). */
function canOpenPty(setprivArgs: string[]): boolean {
  try {
    run('setpriv', [
      ...setprivArgs,
      process.execPath,
      '-e',
      "require('node:fs').closeSync(require('node:fs').openSync('/dev/ptmx', 'r+'))",
    ]);
    return true;
  } catch {
    return false;
  }
}

/** The pids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function run(file: string, args: string[]): string {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The account runs this checkout's node, daemon and CLI: every folder above them must be
 * traversable by others. A checkout under /root (0700) is not; say so rather than fail later.
 */
function assertReadableBy(uid: number, gid: number): void {
  try {
    for (const file of [DAEMON_ENTRY, CLI_BIN]) {
      run('setpriv', [
        '--reuid',
        String(uid),
        '--regid',
        String(gid),
        '--init-groups',
        'test',
        '-r',
        file,
      ]);
    }
  } catch {
    throw new Error(
      `the fleet tests run this checkout as a second account, which cannot read ${DAEMON_ENTRY}: ` +
        'put the checkout under a folder others can traverse (e.g. /work or /srv, not /root)',
    );
  }
}

/**
 * Makes the account, its home and the keys, and starts sshd and the account's daemon. The
 * temp folder is the only thing made traversable by the account (0755); the checkout must be
 * readable by others (a clone under /work is; one under /root is not).
 */
export async function startSshHost(
  options: {
    /** false: a machine without rdv (not on the ssh shell's PATH, no daemon). @default true */
    rdv?: boolean;
  } = {},
): Promise<SshHost> {
  const withRdv = options.rdv ?? true;
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-ssh-')));
  chmodSync(base, 0o755); // the account reaches its home through here
  const user = `rdvt${randomBytes(4).toString('hex')}`;
  const userHome = join(base, 'u');
  // `-p '*'`: no password, but not locked (sshd without PAM refuses a locked "!" account).
  run('useradd', [
    '--home-dir',
    userHome,
    '--create-home',
    '--shell',
    '/bin/bash',
    '--password',
    '*',
    user,
  ]);
  const uid = Number(run('id', ['-u', user]).trim());
  const gid = Number(run('id', ['-g', user]).trim());
  chmodSync(userHome, 0o755);
  const rdvHome = join(userHome, '.rdv');
  const asUser = ['--reuid', String(uid), '--regid', String(gid), '--init-groups'];
  // Some sandboxes (this project's VM among them) let only root open /dev/ptmx: the account's
  // tmux could start no session. Its daemon then gets CAP_DAC_OVERRIDE for that, nothing else
  // changes: ssh, sshd and the account's files are as on any machine. On a normal machine the
  // probe succeeds and the daemon runs with no capability at all.
  const daemonCaps = canOpenPty(asUser)
    ? []
    : ['--inh-caps', '+dac_override', '--ambient-caps', '+dac_override'];
  try {
    assertReadableBy(uid, gid);
  } catch (error) {
    run('userdel', ['--force', user]);
    rmSync(base, { recursive: true, force: true });
    throw error;
  }

  // `rdv` on the account's PATH (sshd's SetEnv), the built CLI of this checkout.
  const bin = join(base, 'bin');
  mkdirSync(bin, { mode: 0o755 });
  if (withRdv) symlinkSync(CLI_BIN, join(bin, 'rdv'));

  // The home side: a client key, and known_hosts with the temporary host key.
  const client = join(base, 'client');
  mkdirSync(client, { mode: 0o700 });
  const clientKey = join(client, 'id_ed25519');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rdv-test-home', '-f', clientKey]);
  const server = join(base, 'sshd');
  mkdirSync(server, { mode: 0o700 });
  const hostKey = join(server, 'host_ed25519');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rdv-test-host', '-f', hostKey]);

  // The account's authorized_keys, with the modes StrictModes demands.
  const dotSsh = join(userHome, '.ssh');
  mkdirSync(dotSsh, { mode: 0o700 });
  const authorized = join(dotSsh, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  chownSync(dotSsh, uid, gid);
  chownSync(authorized, uid, gid);

  const port = await freePort();
  const knownHosts = join(client, 'known_hosts');
  writeFileSync(
    knownHosts,
    `[127.0.0.1]:${port} ${readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`,
    { mode: 0o600 },
  );
  const path = withRdv
    ? `${bin}:${process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`
    : '/usr/local/bin:/usr/bin:/bin';
  const sshdConfig = join(server, 'sshd_config');
  writeFileSync(
    sshdConfig,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `PidFile none`,
      `UsePAM no`,
      `StrictModes yes`,
      `PubkeyAuthentication yes`,
      `PasswordAuthentication no`,
      `KbdInteractiveAuthentication no`,
      `PermitRootLogin no`,
      `AllowUsers ${user}`,
      `AuthorizedKeysFile ${authorized}`,
      `AllowStreamLocalForwarding yes`,
      `X11Forwarding no`,
      `PrintMotd no`,
      `SetEnv PATH=${path}`,
      `LogLevel VERBOSE`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const alias = 'rdv-test-remote';
  const sshOptions = [
    `Port=${port}`,
    `User=${user}`,
    `IdentityFile=${clientKey}`,
    `IdentitiesOnly=yes`,
    `UserKnownHostsFile=${knownHosts}`,
    `GlobalKnownHostsFile=/dev/null`,
  ];
  const sshConfig = join(client, 'config');
  writeFileSync(
    sshConfig,
    [
      `Host ${alias}`,
      `  HostName 127.0.0.1`,
      ...sshOptions.map((o) => `  ${o.replace('=', ' ')}`),
      `  BatchMode yes`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // sshd refuses to start without its privilege separation folder (made by systemd normally).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  let sshd: { child: ChildProcess; exited: Promise<void>; log: () => string } | null = null;
  const host: SshHost = {
    user,
    uid,
    gid,
    userHome,
    rdvHome,
    port,
    clientKey,
    knownHosts,
    sshConfig,
    alias,
    sshOptions,
    daemon: null,
    async startDaemon() {
      // setpriv execs node as the account: the daemon is its process, as on a real machine.
      host.daemon = spawnDaemonChild({
        command: {
          file: 'setpriv',
          args: [...asUser, ...daemonCaps, process.execPath, DAEMON_ENTRY],
        },
        env: {
          PATH: path,
          HOME: userHome,
          USER: user,
          LOGNAME: user,
          SHELL: '/bin/bash',
          HISTFILE: '',
          // A UTF-8 locale, as a login has: without one tmux prints control characters as `_`
          // and a restarted daemon cannot read its own tmux listings (its sessions look orphaned).
          LANG: 'C.UTF-8',
          RDV_HOME: rdvHome,
        },
        cwd: userHome,
      });
      const health = await waitForHealth(join(rdvHome, 'api.sock'), 30_000);
      if (!health)
        throw new Error(`the remote account's daemon did not start: ${host.daemon.stderr()}`);
    },
    async stopDaemon() {
      const daemon = host.daemon;
      host.daemon = null;
      await daemon?.stop();
    },
    async startSshd() {
      const child = spawn(SSHD, ['-D', '-e', '-f', sshdConfig], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let log = '';
      child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      sshd = { child, exited, log: () => log };
      // Listening once it says so (-e sends its log to stderr).
      const deadline = Date.now() + 20_000;
      while (!/Server listening on 127\.0\.0\.1/.test(log)) {
        if (child.exitCode !== null) throw new Error(`sshd exited: ${log}`);
        if (Date.now() > deadline) throw new Error(`sshd did not listen: ${log}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stopSshd() {
      const running = sshd;
      sshd = null;
      if (!running) return;
      // Each connection has its own sshd process (in its own session): end them too, so
      // stopping sshd cuts the machine off as a real outage would.
      const connections = childrenOf(running.child.pid ?? -1);
      running.child.kill('SIGTERM');
      await running.exited;
      for (const pid of connections) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // gone already
        }
      }
    },
    regenerateHostKey() {
      rmSync(hostKey, { force: true });
      rmSync(`${hostKey}.pub`, { force: true });
      run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rdv-test-host', '-f', hostKey]);
    },
    ssh(command) {
      try {
        const stdout = execFileSync('ssh', ['-F', sshConfig, alias, ...command], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 30_000,
        });
        return { code: 0, stdout, stderr: '' };
      } catch (error) {
        const e = error as { status?: number; stdout?: string; stderr?: string };
        return { code: e.status ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
      }
    },
    cliToken() {
      return readFileSync(join(rdvHome, 'cli-token'), 'utf8').trim();
    },
    async withOwnApi(run) {
      const { client, close } = createApiClient({
        socketPath: join(rdvHome, 'api.sock'),
        credentials: { kind: 'cli', token: host.cliToken() },
      });
      try {
        return await run(client);
      } finally {
        await close();
      }
    },
    async cleanup() {
      await host.stopSshd();
      await host.stopDaemon();
      // The account's tmux servers (its sessions), then the account itself.
      for (const socket of rdvTmuxSockets(rdvHome)) {
        try {
          execFileSync(
            'setpriv',
            ['--reuid', String(uid), '--regid', String(gid), '--init-groups', 'tmux', '-S', socket, 'kill-server'],
            { stdio: 'ignore' },
          );
        } catch {
          // no server
        }
      }
      try {
        run('userdel', ['--force', user]);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  };
  try {
    await host.startSshd();
    if (withRdv) await host.startDaemon();
  } catch (error) {
    await host.cleanup();
    throw error;
  }
  return host;
}
