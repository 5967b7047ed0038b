import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { cleanupHome, makeHome } from '../helpers/daemon.ts';

/** Running, and not a zombie (a detached daemon's reaper may be slow, or pid 1 may not reap). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('rdv server start/status/stop in a temp RDV_HOME', () => {
  let home: string;
  const env = { SHELL: '/bin/bash' };
  beforeAll(() => {
    home = makeHome();
  });
  afterAll(async () => {
    // Never leave a detached daemon behind, whatever failed.
    await rdv(home, ['server', 'stop'], { env });
    try {
      const pid = Number(readFileSync(join(home, 'server/server.pid'), 'utf8'));
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // no pid file: stopped
    }
    cleanupHome(home);
  });

  it('starts in the background, reports health, works, and stops gracefully', async () => {
    const started = await rdv(home, ['server', 'start'], { env });
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/^rdv-server \S+ started \(pid (\d+)\); logs: .*server\.log\n$/);
    const pid = Number(/pid (\d+)/.exec(started.stdout)![1]);
    expect(alive(pid)).toBe(true);
    expect(Number(readFileSync(join(home, 'server/server.pid'), 'utf8'))).toBe(pid);

    const again = await rdv(home, ['server', 'start'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`already running (pid ${pid}`);

    const status = await rdvJson(home, ['server', 'status']);
    expect(status).toMatchObject({
      status: 'healthy',
      pid,
      components: { database: true, tmux: true },
    });
    const human = await rdv(home, ['server', 'status']);
    expect(human.stdout).toMatch(/status:\s+healthy/);
    expect(human.stdout).toMatch(new RegExp(`pid:\\s+${pid}`));
    expect((await rdv(home, ['status'])).stdout).toMatch(/^rdv-server \S+: healthy, up \d+s/);

    // The daemon started by the CLI serves the CLI.
    const id = (await rdv(home, ['session', 'create', '--cwd', home, '-q'], { env })).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    const logs = await rdv(home, ['server', 'logs', '-n', '3']);
    expect(logs.code).toBe(0);
    expect(logs.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(logs.stdout).toMatch(/^\S+ (INFO|WARN|DEBUG)/m);
    const raw = await rdv(home, ['server', 'logs', '-n', '1', '--raw']);
    expect(JSON.parse(raw.stdout)).toHaveProperty('msg');

    const doctor = await rdv(home, ['doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toMatch(/ok\s+token\s+.*cli-token is valid/);
    expect(doctor.stdout).toContain('all good');

    const stopped = await rdv(home, ['server', 'stop']);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toBe(`rdv-server stopped (pid ${pid}); tmux sessions keep running\n`);
    expect(alive(pid)).toBe(false);
    expect((await rdv(home, ['server', 'status'])).code).toBe(4);
    // The session survived in tmux: the fallback list shows it.
    expect((await rdv(home, ['session', 'list'])).stdout).toContain(`rdv-${id}`);
  });

  it('doctor flags loose permissions with the fix', async () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    chmodSync(home, 0o755);
    try {
      const doctor = await rdv(home, ['doctor']);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toMatch(/FAIL\s+RDV_HOME\s+.* is 0755/);
      expect(doctor.stdout).toContain(`fix: chmod 700 ${home}`);
    } finally {
      chmodSync(home, 0o700);
    }
  });

  it('a daemon that cannot start says why (exit 1)', async () => {
    writeFileSync(join(home, 'config.toml'), '[server]\nbogus_key = 1\n');
    const result = await rdv(home, ['server', 'start', '--timeout', '10'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rdv: rdv-server did not start: .*bogus_key: unknown key.*\n$/);
  });
});
