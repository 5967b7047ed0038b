import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';

describe('rdv session: scripted commands against a real daemon', () => {
  let workdir: string;
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  beforeAll(async () => {
    workdir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-cli-')));
  });
  afterAll(async () => {
    rmSync(workdir, { recursive: true, force: true });
  });

  it('create prints the id with -q and the session with --json', async () => {
    const quiet = await rdv(fx.home, [
      'session',
      'create',
      '--name',
      'quiet-one',
      '--cwd',
      workdir,
      '-q',
    ]);
    expect(quiet.code).toBe(0);
    const id = quiet.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    const created = await rdvJson(fx.home, [
      'session',
      'create',
      '--name',
      'json-one',
      '--cwd',
      workdir,
      '--cols',
      '100',
      '--rows',
      '30',
    ]);
    expect(created).toMatchObject({
      name: 'json-one',
      kind: 'shell',
      status: 'active',
      cwd: workdir,
      cols: 100,
      rows: 30,
    });
    const fromApi = await fx.api.client.sessions.get.query({ id });
    expect(fromApi.name).toBe('quiet-one');
  });

  it('list prints a table by default and the API objects with --json', async () => {
    const table = await rdv(fx.home, ['session', 'list']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+KIND\s+STATUS\s+FOLDER\s+ACTIVITY\s+CWD$/);
    expect(table.stdout).toMatch(/quiet-one\s+shell\s+active/);
    const sessions = await rdvJson<Array<{ id: string; name: string }>>(fx.home, ['session', 'list']);
    const fromApi = await fx.api.client.sessions.list.query({ status: ['active', 'suspended'] });
    expect(sessions.map((s) => s.id).sort()).toEqual(fromApi.map((s) => s.id).sort());
    // Each row shows a unique id prefix that resolves back to the session.
    const prefix = lines.find((line) => line.includes('json-one'))!.split(/\s+/)[0]!;
    expect((await rdvJson(fx.home, ['session', 'get', prefix])).name).toBe('json-one');
  });

  it('exec types a command and scrollback reads its output', async () => {
    await rdv(fx.home, ['session', 'create', '--name', 'runner', '--cwd', workdir, '-q']);
    const exec = await rdv(fx.home, ['session', 'exec', 'runner', 'echo', 'cli-exec-$((6*7))']);
    expect(exec).toMatchObject({ code: 0, stderr: '' });
    await waitUntil(
      async () =>
        (await rdv(fx.home, ['session', 'scrollback', 'runner'])).stdout.includes('cli-exec-42'),
      'exec output',
    );
    const json = await rdvJson<{ text: string; lines: number }>(fx.home, [
      'session',
      'scrollback',
      'runner',
      '-n',
      '5',
    ]);
    expect(json.lines).toBeLessThanOrEqual(5);
    expect(json.text).toContain('cli-exec-42');
    const fromStdin = await rdv(fx.home, ['session', 'exec', 'runner', '--stdin'], {
      input: 'echo piped-$((1+1))\n',
    });
    expect(fromStdin.code).toBe(0);
    await waitUntil(
      async () => (await rdv(fx.home, ['session', 'scrollback', 'runner'])).stdout.includes('piped-2'),
      'stdin exec output',
    );
  });

  it('get, rename, suspend, resume and close by name', async () => {
    const id = (
      await rdv(fx.home, ['session', 'create', '--name', 'lifecycle', '--cwd', workdir, '-q'])
    ).stdout.trim();
    expect((await rdv(fx.home, ['session', 'get', 'lifecycle'])).stdout).toMatch(
      new RegExp(`id:\\s+${id}`),
    );
    expect((await rdv(fx.home, ['session', 'rename', 'lifecycle', 'renamed'])).code).toBe(0);
    expect((await rdvJson(fx.home, ['session', 'suspend', 'renamed'])).status).toBe('suspended');
    expect((await rdvJson(fx.home, ['session', 'resume', id.slice(0, 10)])).status).toBe('active');
    const closed = await rdv(fx.home, ['session', 'close', 'renamed']);
    expect(closed).toMatchObject({ code: 0 });
    expect(closed.stdout).toContain(`closed renamed (${id})`);
    expect((await fx.api.client.sessions.get.query({ id })).status).toBe('closed');
    // Closed sessions leave the default list but show with --all.
    expect((await rdv(fx.home, ['session', 'list'])).stdout).not.toContain(id.slice(0, 8));
    expect((await rdv(fx.home, ['session', 'list', '--all'])).stdout).toContain('renamed');
  });

  it('an exited session is listed with its code and `rdv session restart` brings it back', async () => {
    const id = (
      await rdv(fx.home, ['session', 'create', '--name', 'quitter', '--cwd', workdir, '-q'])
    ).stdout.trim();
    await rdv(fx.home, ['session', 'exec', 'quitter', 'exit 3']);
    await waitUntil(
      async () => (await fx.api.client.sessions.get.query({ id })).status === 'exited',
      'the session to exit',
    );
    expect((await rdv(fx.home, ['session', 'list'])).stdout).toMatch(/quitter\s.*exited \(3\)/);
    const restarted = await rdv(fx.home, ['session', 'restart', 'quitter']);
    expect(restarted).toMatchObject({ code: 0, stdout: expect.stringContaining(`restarted quitter (${id})`) });
    expect((await fx.api.client.sessions.get.query({ id })).status).toBe('active');
    const again = await rdv(fx.home, ['session', 'restart', 'quitter']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('only an exited or closed session can be restarted');
    await rdv(fx.home, ['session', 'close', 'quitter']);
  });

  it('exit codes: 3 not found, 2 ambiguous or bad usage, 1 refused, 0 help', async () => {
    const missing = await rdv(fx.home, ['session', 'get', 'no-such-session']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('rdv: no session matches "no-such-session"\n');
    expect(missing.stdout).toBe('');

    await rdv(fx.home, ['session', 'create', '--name', 'twin', '--cwd', workdir, '-q']);
    await rdv(fx.home, ['session', 'create', '--name', 'twin', '--cwd', workdir, '-q']);
    const ambiguous = await rdv(fx.home, ['session', 'get', 'twin']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(
      /^rdv: "twin" matches 2 sessions: [0-9a-f]{24} \(twin\), [0-9a-f]{24} \(twin\); give more of the id\n$/,
    );

    expect((await rdv(fx.home, ['session', 'nope'])).code).toBe(2);
    expect((await rdv(fx.home, ['session', 'get'])).code).toBe(2);
    expect((await rdv(fx.home, ['session', 'create', '--cols', 'wide'])).code).toBe(2);
    expect((await rdv(fx.home, ['session', 'list', '--status', 'sleeping'])).code).toBe(2);
    expect((await rdv(fx.home, ['session'])).code).toBe(2);

    const badCwd = await rdv(fx.home, ['session', 'create', '--cwd', join(workdir, 'missing')]);
    expect(badCwd.code).toBe(2);
    expect(badCwd.stderr).toMatch(/^rdv: invalid input: working directory .* does not exist\n$/);

    const id = (
      await rdv(fx.home, ['session', 'create', '--name', 'paused', '--cwd', workdir, '-q'])
    ).stdout.trim();
    await rdv(fx.home, ['session', 'suspend', id]);
    const refused = await rdv(fx.home, ['session', 'exec', id, 'true']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('suspended');

    const help = await rdv(fx.home, ['session', 'list', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--json');
    expect((await rdv(fx.home, ['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('bare rdv without a terminal prints the help', async () => {
    const bare = await rdv(fx.home, []);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('Usage: rdv');
    expect(bare.stdout).toContain('Exit codes:');
  });

  it('attach refuses without a terminal (usage error)', async () => {
    const result = await rdv(fx.home, ['attach', 'runner']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('attach needs a terminal');
  });
});
