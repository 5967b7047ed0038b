// Issue 12, finding 14: with the daemon down, the CLI's fallback covered only `session list` and
// `attach`. The design promises direct operations: reading (list, scrollback, status) and typing
// (exec, behind the same destructive-command guard as the daemon) straight on rdv's tmux
// server, marked as offline; what needs the daemon says why and how to start it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv } from '../helpers/cli.ts';
import { tmux } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';
import { paneCommand } from '../helpers/pane-process.ts';

const OFFLINE = /^rdv: offline: rdv-server is not running; .*start it with `rdv server start`/;

describe('rdv offline: the daemon is down, its tmux server is not', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  let work: string;
  let shell: string;
  let sink: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'rdv-offline-'));
    const { api } = fx;
    shell = (await api.client.sessions.create.mutate({ name: 'offline-shell', cwd: work })).id;
    sink = (await api.client.sessions.create.mutate({ name: 'offline-sink', cwd: work })).id;
    await api.client.sessions.exec.mutate({ id: shell, text: 'echo before-$((20+1))-stop' });
    // The sink's shell becomes `cat`: text the guard wrongly let through would only be read.
    await api.client.sessions.exec.mutate({ id: sink, text: 'exec cat > /dev/null' });
    await waitUntil(
      async () =>
        (await api.client.sessions.scrollback.query({ id: shell, lines: 50 })).text.includes(
          'before-21-stop',
        ) && paneCommand(fx.home, `rdv-${sink}`) === 'cat',
      'the shell output and the sink running cat',
      30_000,
    );
    await fx.stop();
    // The sessions live on in rdv's tmux server.
    tmux(fx.home, 'has-session', '-t', `=rdv-${shell}`);
  }, 60_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('lists sessions from tmux, marked offline (stderr, and "offline": true in --json)', async () => {
    const result = await rdv(fx.home, ['session', 'list', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(OFFLINE);
    const body = JSON.parse(result.stdout) as { offline: boolean; sessions: Array<{ id: string }> };
    expect(body.offline).toBe(true);
    expect(body.sessions.map((s) => s.id).sort()).toEqual([shell, sink].sort());
  });

  it('reads scrollback by id prefix; names need the daemon and say so', async () => {
    const result = await rdv(fx.home, ['session', 'scrollback', shell.slice(0, 8), '-n', '50']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('before-21-stop');
    expect(result.stderr).toMatch(OFFLINE);
    const json = await rdv(fx.home, ['session', 'scrollback', `rdv-${shell}`, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      offline: true,
      text: expect.stringContaining('before-21-stop'),
    });

    const byName = await rdv(fx.home, ['session', 'scrollback', 'offline-shell']);
    expect(byName.code).toBe(3);
    expect(byName.stderr).toMatch(/names need the daemon/);
  });

  it('status reports the daemon down and what tmux still holds (exit 4)', async () => {
    const result = await rdv(fx.home, ['status']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(OFFLINE);
    expect(result.stdout).toBe('rdv-server: not running; tmux server: running, 2 rdv session(s)\n');
    const json = await rdv(fx.home, ['status', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      offline: true,
      daemon: 'not running',
      tmux: { running: true, sessions: 2 },
    });
  });

  it('exec types literally into the session (a trailing `;` and `#{...}` included)', async () => {
    const marker = join(work, 'typed-offline');
    const result = await rdv(fx.home, [
      'session',
      'exec',
      shell,
      `touch ${marker}; echo '#{session_name}' x;`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(OFFLINE);
    await waitUntil(() => existsSync(marker), 'the offline exec to run', 30_000);
    await waitUntil(
      async () =>
        (await rdv(fx.home, ['session', 'scrollback', shell])).stdout.includes(
          '\n#{session_name} x\n',
        ),
      'the literal output',
      30_000,
    );
    const json = await rdv(fx.home, ['session', 'exec', shell, 'true', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, offline: true });
  });

  it('exec of destructive text is refused offline too, by the same guard, and nothing runs', async () => {
    const marker = join(work, 'ran-offline-cr');
    const cr = await rdv(fx.home, ['session', 'exec', shell, '--stdin'], {
      input: `true\rtouch ${marker}`,
    });
    expect(cr.code).toBe(1);
    expect(cr.stderr).toMatch(
      /^rdv: refused to type into session \w+: the text contains a control character.*U\+000D \(carriage return\).*\(rule control-character\); offline: rdv-server is not running, and there is no force offline\n$/,
    );
    for (const text of ['cd / && rm -rf *', 'x=/; rm -rf $x', 'setsid rm -rf /']) {
      const refused = await rdv(fx.home, ['session', 'exec', sink, text]);
      expect(refused.code, text).toBe(1);
      expect(refused.stderr, text).toMatch(
        /^rdv: refused to type into session .*\(rule recursive-delete\)/,
      );
    }
    const sentinel = join(work, 'offline-settled');
    expect((await rdv(fx.home, ['session', 'exec', shell, `touch ${sentinel}`])).code).toBe(0);
    await waitUntil(() => existsSync(sentinel), 'the sentinel after the refusals', 30_000);
    expect(existsSync(marker)).toBe(false);
    const sinkScreen = await rdv(fx.home, ['session', 'scrollback', sink]);
    expect(sinkScreen.stdout).not.toContain('rm -rf');
  });

  it('a command that needs the daemon says why and how to start it (exit 4)', async () => {
    const result = await rdv(fx.home, ['session', 'create', '--cwd', work]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /^rdv: the daemon is not running \(no answer on .*\); `rdv session create` needs it \(.*\); start it: rdv server start\n$/,
    );
  });
});
