// The trust model's wall is the OS: another account on the machine (a real one, made with
// useradd; CI runs as root) can neither connect to the daemon's sockets, read anything in its
// home, reach its tmux server, nor find a session's environment or command in any process's argv
// or environment.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';
import { rdvTmuxSocketOf } from '@rdv/test-support/rdv-tmux';

const ACCOUNT = `rdvo${randomBytes(3).toString('hex')}`;
const SECRET = `sk-ant-${randomBytes(12).toString('hex')}`;
const COMMAND_MARK = `rdv-private-command-${randomBytes(6).toString('hex')}`;

/** Runs `args` as the other account; never throws. */
function asOther(args: string[], input?: string) {
  const run = spawnSync('runuser', ['-u', ACCOUNT, '--', ...args], {
    encoding: 'utf8',
    input,
    timeout: 20_000,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', LANG: 'C' },
  });
  return { code: run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

/** Every file and folder under `dir`, as the owner sees them. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    out.push(full);
    if (entry.isDirectory()) out.push(...walk(full));
  }
  return out;
}

describe('another OS account on the same machine', () => {
  let base: string;
  let home: string;
  let panePid: number;
  // The account is made before the fixture starts the daemon, and removed with its parent folder
  // after the fixture's teardown (vitest runs after-hooks in reverse order), once the daemon and
  // its tmux server are gone.
  beforeAll(() => {
    const made = spawnSync('useradd', ['--no-create-home', '--shell', '/bin/sh', ACCOUNT], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`useradd failed (these tests need root): ${made.stderr}`);
  });
  afterAll(() => {
    spawnSync('userdel', [ACCOUNT]);
    if (base) rmSync(base, { recursive: true, force: true });
  });
  const fx = useDaemon({
    // A parent any account may enter, so only rdv's own modes keep the other account out; the
    // daemon makes the home itself.
    home: () => {
      base = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-os-')));
      chmodSync(base, 0o755);
      return join(base, 'rdv');
    },
    env: { SHELL: '/bin/sh' },
  });

  beforeAll(async () => {
    home = fx.home;
    const session = await fx.api.client.sessions.create.mutate({
      name: 'private',
      env: { ANTHROPIC_API_KEY: SECRET },
      command: `sleep 3600 # ${COMMAND_MARK}`,
    });
    await waitUntil(async () => {
      const text = (await fx.api.client.sessions.scrollback.query({ id: session.id })).text;
      return text.includes(COMMAND_MARK);
    }, 'the command to be typed');
    const pid = spawnSync('tmux', ['-S', rdvTmuxSocketOf(home, session.tmuxName), 'display', '-p', '-t', session.tmuxName, '#{pane_pid}'], {
      encoding: 'utf8',
    });
    panePid = Number(pid.stdout.trim());
  }, 60_000);

  it('cannot connect to either socket', () => {
    for (const socket of [fx.daemon.apiSocket, fx.daemon.terminalSocket]) {
      const probe = asOther([
        process.execPath,
        '-e',
        `require('net').connect(process.argv[1]).on('connect', () => { console.log('CONNECTED'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(3); })`,
        socket,
      ]);
      expect({ socket, out: probe.stdout.trim() }).toEqual({ socket, out: 'EACCES' });
    }
  });

  it('cannot list or read anything in the home', () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(asOther(['ls', home]).code).not.toBe(0);
    const entries = walk(home);
    expect(entries.length).toBeGreaterThan(5);
    const readable = entries.filter((path) => asOther(['test', '-r', path]).code === 0);
    expect(readable).toEqual([]);
    // Not even by guessing the names.
    expect(asOther(['cat', join(home, 'cli-token')]).code).not.toBe(0);
    expect(asOther(['cat', join(home, 'server', 'service-token')]).code).not.toBe(0);
  });

  it('cannot reach the tmux server', () => {
    const listed = asOther(['tmux', '-S', join(home, 'tmux.sock'), 'list-sessions']);
    expect(listed.code).not.toBe(0);
    expect(listed.stdout).toBe('');
    const captured = asOther(['tmux', '-S', join(home, 'tmux.sock'), 'capture-pane', '-p', '-t', 'rdv-']);
    expect(captured.code).not.toBe(0);
    expect(captured.stdout).not.toContain(COMMAND_MARK);
  });

  it("finds neither the session's environment nor its command in any process's argv, and cannot read its environment", () => {
    expect(panePid).toBeGreaterThan(1);
    const scan = asOther(
      [
        process.execPath,
        '-e',
        `const fs = require('fs');
         const hits = [];
         let seen = 0;
         let environRead = null;
         // What to look for comes on stdin: in argv, this scan would find itself.
         const { marks, panePid } = JSON.parse(fs.readFileSync(0, 'utf8'));
         for (const pid of fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
           let cmdline = '';
           try { cmdline = fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8'); seen += 1; } catch { continue; }
           for (const mark of marks) if (cmdline.includes(mark)) hits.push(pid + ': ' + cmdline.replace(/\\0/g, ' '));
         }
         try { environRead = fs.readFileSync('/proc/' + panePid + '/environ', 'utf8').length; } catch (e) { environRead = e.code; }
         console.log(JSON.stringify({ hits, seen, environRead }));`,
      ],
      JSON.stringify({ marks: [SECRET, COMMAND_MARK], panePid }),
    );
    const result = JSON.parse(scan.stdout) as { hits: string[]; seen: number; environRead: unknown };
    // The scan saw the machine's processes (the daemon's and tmux's among them).
    expect(result.seen).toBeGreaterThan(5);
    expect(result.hits).toEqual([]);
    expect(result.environRead).toBe('EACCES');
  });
});
