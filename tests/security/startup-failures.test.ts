// Issue 12, finding 5: a failed start says what is wrong and how to fix it in one line, exits 2
// and prints no stack trace (it printed "sonic boom is not ready yet" and a trace, and `rdv
// server start` quoted only "Node.js v20"); `rdv doctor` names a malformed database.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv } from '../helpers/cli.ts';
import { DAEMON_ENTRY } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

/** What a person reads when a start fails: exactly one line, no trace, no Node banner. */
function expectOneClearLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/sonic boom|^\s+at |Node\.js v\d/m);
  expect(lines[0]).toMatch(/^rdv-server: .+; .+/);
  return lines[0]!;
}

describe('a database cut short (truncated sqlite.db)', () => {
  const fx = useDaemon();
  let home: string;
  beforeAll(async () => {
    home = fx.home;
    await fx.stop();
    // Whole pages survive, the rest is gone: the header still looks like SQLite.
    truncateSync(join(home, 'sqlite.db'), 8192);
  });

  it('rdv-server exits 2 with one line naming the damaged database and the fix', async () => {
    const daemon = fx.spawn();
    const { code } = await daemon.exited;
    expect(code).toBe(2);
    const line = expectOneClearLine(daemon.stderr());
    expect(line).toContain(`the database ${join(home, 'sqlite.db')} is damaged`);
    expect(line).toContain(`mv ${join(home, 'sqlite.db')} `);
    // The details (stack included) are in server.log for whoever wants them.
    expect(readFileSync(join(home, 'server/server.log'), 'utf8')).toContain('SQLITE_CORRUPT');
  });

  it('rdv server start quotes that line, not the Node.js banner', async () => {
    const result = await rdv(home, ['server', 'start', '--timeout', '20'], { timeoutMs: 60_000 });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('is damaged');
    expect(result.stderr).not.toMatch(/Node\.js v\d|sonic boom/);
  });

  it('rdv doctor names the malformed database and the last failed start', async () => {
    const result = await rdv(home, ['doctor']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/FAIL\s+database\s+.*sqlite\.db is malformed: truncated/);
    expect(result.stdout).toMatch(/FAIL\s+daemon\s+not running; its last start failed: the database .* is damaged/);
  });
});

describe('a second daemon on the same home', () => {
  const fx = useDaemon();

  it('exits 2 with one line: already running, and how to restart', async () => {
    const { daemon: first } = fx;
    const second = fx.spawn();
    expect((await second.exited).code).toBe(2);
    const line = expectOneClearLine(second.stderr());
    expect(line).toContain(`rdv-server is already running (pid ${first.child.pid})`);
    expect(line).toContain('rdv server restart');
  });
});

describe('a home the daemon may not write (EACCES)', () => {
  const user = `rdvperm${process.pid}`;
  let home: string;
  beforeAll(() => {
    execFileSync('useradd', ['--create-home', user]);
    // Owned by root, private: the other user can neither enter nor fix it.
    home = mkdtempSync('/tmp/rdv-eacces-');
    chmodSync(home, 0o700);
  });
  afterAll(() => {
    execFileSync('userdel', ['-r', user], { stdio: 'ignore' });
    rmSync(home, { recursive: true, force: true });
  });

  it('exits 2 with one line naming the path and the fix', () => {
    let stderr = '';
    let code: number | null = null;
    try {
      execFileSync('runuser', ['-u', user, '--', process.execPath, DAEMON_ENTRY], {
        env: { ...process.env, RDV_HOME: home, HOME: `/home/${user}` },
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 30_000,
      });
      code = 0;
    } catch (error) {
      const failed = error as { status: number | null; stderr: Buffer };
      code = failed.status;
      stderr = failed.stderr.toString();
    }
    expect(code).toBe(2);
    const line = expectOneClearLine(stderr);
    expect(line).toMatch(/permission denied on .*rdv-eacces-/);
    expect(line).toContain('chown');
  });
});
