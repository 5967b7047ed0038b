import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv } from '../helpers/cli.ts';
import { cleanupHome, makeHome } from '../helpers/daemon.ts';

describe('rdv with the daemon down', () => {
  let home: string;
  const ids = ['0123456789abcdef01234567', 'fedcba9876543210fedcba98'];
  beforeAll(() => {
    home = makeHome();
    chmodSync(home, 0o700);
    // rdv's tmux server with two rdv sessions and one that is not rdv's, no daemon.
    const tmux = (...args: string[]) =>
      execFileSync('tmux', ['-f', '/dev/null', '-S', join(home, 'tmux.sock'), ...args]);
    for (const id of ids)
      tmux('new-session', '-d', '-s', `rdv-${id}`, '-x', '80', '-y', '24', 'sleep 600');
    tmux('new-session', '-d', '-s', 'someone-else', 'sleep 600');
  });
  afterAll(() => cleanupHome(home));

  it('session list says it is offline in one line and lists from tmux (exit 0)', async () => {
    const result = await rdv(home, ['session', 'list']);
    expect(result.code).toBe(0);
    const errLines = result.stderr.split('\n').filter(Boolean);
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(/^rdv: offline: rdv-server is not running; .*rdv server start/);
    expect(result.stdout).toMatch(/^\[offline: from tmux directly/);
    for (const id of ids) expect(result.stdout).toContain(`rdv-${id}`);
    expect(result.stdout).not.toContain('someone-else');

    const json = await rdv(home, ['session', 'list', '--json']);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout) as { offline: boolean; sessions: Array<{ id: string }> };
    expect(body.offline).toBe(true);
    expect(body.sessions.map((s) => s.id).sort()).toEqual([...ids].sort());
  });

  it('commands that need the daemon fail with exit 4, why and the fix, in one line', async () => {
    for (const args of [
      ['session', 'get', 'x'],
      ['folder', 'list'],
      ['token', 'list'],
    ]) {
      const result = await rdv(home, args);
      expect(result.code, args.join(' ')).toBe(4);
      expect(result.stderr, args.join(' ')).toMatch(
        new RegExp(
          `^rdv: the daemon is not running \\(no answer on .*api\\.sock\\); \`rdv ${args.slice(0, 2).join(' ')}\` needs it \\(.*\\); start it: rdv server start\\n$`,
        ),
      );
    }
    const server = await rdv(home, ['server', 'status']);
    expect(server.code).toBe(4);
    expect(server.stderr).toMatch(
      /^rdv: the daemon is not running .*; start it: rdv server start\n$/,
    );
  });

  it('--host needs this daemon (exit 4); a NAME:ID ref falls back like any other ref', async () => {
    const hosted = await rdv(home, ['--host', 'gpu', 'session', 'list']);
    expect(hosted.code).toBe(4);
    expect(hosted.stderr).toMatch(
      /^rdv: the daemon is not running .*--host reaches a host through it\n$/,
    );
    expect(hosted.stdout).toBe('');
    // No daemon to say whether gpu is a host: the ref is a plain one, looked up in tmux offline.
    const qualified = await rdv(home, ['session', 'scrollback', 'gpu:0123']);
    expect(qualified.code).toBe(3);
    expect(qualified.stderr).toContain('no session matches "gpu:0123" (offline');
  });

  it('a stale socket file (nobody listening) is "daemon down" too', async () => {
    // A crashed daemon leaves api.sock behind: connect() then gets ECONNREFUSED, not ENOENT.
    const socket = join(home, 'api.sock');
    const script = `require('net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`;
    spawnSync(process.execPath, ['-e', script]);
    expect(statSync(socket).isSocket()).toBe(true);
    const result = await rdv(home, ['whoami']);
    expect(result.code).toBe(4);
    rmSync(socket);
  });

  it('server stop with nothing running is a no-op (exit 0)', async () => {
    const result = await rdv(home, ['server', 'stop']);
    expect(result).toMatchObject({ code: 0, stdout: 'rdv-server is not running\n' });
  });

  it('doctor reports the daemon and how to fix it (exit 1)', async () => {
    mkdirSync(join(home, 'server'), { recursive: true });
    writeFileSync(join(home, 'cli-token'), 'rdv_x\n', { mode: 0o644 });
    const result = await rdv(home, ['doctor']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ok\s+tmux\s+tmux \d/);
    expect(result.stdout).toMatch(/FAIL\s+daemon\s+not running/);
    expect(result.stdout).toMatch(/fix: rdv server start/);
    expect(result.stdout).toMatch(/FAIL\s+cli token file\s+.*cli-token is 0644/);
    expect(result.stdout).toMatch(/fix: chmod 600 .*cli-token/);
    const json = JSON.parse((await rdv(home, ['doctor', '--json'])).stdout) as {
      ok: boolean;
      checks: Array<{ name: string; status: string }>;
    };
    expect(json.ok).toBe(false);
    expect(json.checks.find((c) => c.name === 'daemon')?.status).toBe('fail');
  });
});
