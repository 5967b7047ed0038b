import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmux } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';
import { errorOf } from '../helpers/trpc-errors.ts';


describe('sessions API against real tmux', () => {
  let workdir: string;
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  beforeAll(async () => {
    workdir = mkdtempSync(join(tmpdir(), 'rdv-work-'));
  });

  const scrollback = async (id: string) => (await fx.api.client.sessions.scrollback.query({ id, lines: 200 })).text;

  it('creates a shell session in tmux with rdv options, and lists it', async () => {
    const session = await fx.api.client.sessions.create.mutate({ name: 'first', cwd: workdir, cols: 100, rows: 30 });
    expect(session).toMatchObject({ name: 'first', kind: 'shell', status: 'active', cwd: workdir, cols: 100, rows: 30 });
    expect(session.tmuxName).toBe(`rdv-${session.id}`);
    expect(tmux(fx.home, 'has-session', '-t', `=${session.tmuxName}`)).toBe('');
    expect(tmux(fx.home, 'show-options', '-A', '-v', '-t', session.tmuxName, 'status').trim()).toBe('off');
    expect(tmux(fx.home, 'show-options', '-A', '-v', '-t', session.tmuxName, 'mouse').trim()).toBe('off');
    const listed = await fx.api.client.sessions.list.query({ status: 'active' });
    expect(listed.map((s) => s.id)).toContain(session.id);
    expect((await fx.api.client.sessions.get.query({ id: session.id })).name).toBe('first');
    // The first session of a fresh daemon: health counts it on its next probe (every 5 s).
    expect(listed).toHaveLength(1);
    await waitUntil(
      async () => (await fx.api.client.health.query()).metrics.active_sessions === 1,
      'active_sessions = 1',
      20_000,
    );
    expect((await fx.api.client.health.query()).metrics.active_sessions).toBe(listed.length);
  });

  it('exec types text literally: leading dashes, semicolons and $() reach the shell untouched by rdv', async () => {
    const session = await fx.api.client.sessions.create.mutate({ cwd: workdir });
    await fx.api.client.sessions.exec.mutate({ id: session.id, text: "printf '%s\\n' '-n ; $(echo nope)' 'lit-marker'" });
    await waitUntil(async () => (await scrollback(session.id)).includes('lit-marker\n'), 'exec output');
    const text = await scrollback(session.id);
    expect(text).toContain('-n ; $(echo nope)\nlit-marker');
  });

  it('types an agent start-up command once the shell is ready, without eating characters', async () => {
    const session = await fx.api.client.sessions.create.mutate({
      kind: 'agent',
      command: 'echo agent-started-$((40+2))',
      cwd: workdir,
    });
    await waitUntil(async () => (await scrollback(session.id)).includes('agent-started-42'), 'start-up command');
    expect(await scrollback(session.id)).toContain('echo agent-started-$((40+2))');
  });

  it('refuses an agent without a command, a missing cwd, and a file as cwd', async () => {
    expect(await errorOf(fx.api.client.sessions.create.mutate({ kind: 'agent' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await errorOf(fx.api.client.sessions.create.mutate({ cwd: '/does/not/exist' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('does not exist'),
    });
    expect(await errorOf(fx.api.client.sessions.create.mutate({ cwd: '/etc/hostname' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('not a directory'),
    });
  });

  it('passes env to the session and sets RDV_SESSION_ID', async () => {
    const session = await fx.api.client.sessions.create.mutate({ cwd: workdir, env: { RDV_TEST_VALUE: 'v a l;ue' } });
    await fx.api.client.sessions.exec.mutate({ id: session.id, text: 'echo "[$RDV_TEST_VALUE][$RDV_SESSION_ID]"' });
    await waitUntil(async () => (await scrollback(session.id)).includes(`[v a l;ue][${session.id}]`), 'env echo');
  });

  it('scrollback returns the last N lines, plain or with colours', async () => {
    const session = await fx.api.client.sessions.create.mutate({ cwd: workdir });
    await fx.api.client.sessions.exec.mutate({ id: session.id, text: "seq 1 500; printf '\\033[31mred-text\\033[0m\\n'" });
    await waitUntil(async () => (await scrollback(session.id)).includes('red-text'), 'seq output');
    const last = await fx.api.client.sessions.scrollback.query({ id: session.id, lines: 5 });
    expect(last.lines).toBe(5);
    const all = await fx.api.client.sessions.scrollback.query({ id: session.id, lines: 1000 });
    expect(all.text).toMatch(/\n1\n2\n3\n/);
    expect(all.text).toContain('\n500\n');
    const colored = await fx.api.client.sessions.scrollback.query({ id: session.id, lines: 50, colors: true });
    expect(colored.text).toContain('\x1b[31mred-text');
    expect(all.text).not.toContain('\x1b[');
  });

  it('updates name and pin, and refuses a folder that is not the caller’s', async () => {
    const session = await fx.api.client.sessions.create.mutate({ cwd: workdir });
    const updated = await fx.api.client.sessions.update.mutate({ id: session.id, name: 'renamed', pinned: true });
    expect(updated).toMatchObject({ name: 'renamed', pinned: true });
    expect(await errorOf(fx.api.client.sessions.update.mutate({ id: session.id, folderId: 'nofolder' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('close kills the tmux session and marks the row closed', async () => {
    const session = await fx.api.client.sessions.create.mutate({ cwd: workdir });
    const closed = await fx.api.client.sessions.close.mutate({ id: session.id });
    expect(closed.status).toBe('closed');
    expect(() => tmux(fx.home, 'has-session', '-t', `=${session.tmuxName}`)).toThrow();
    expect(await errorOf(fx.api.client.sessions.exec.mutate({ id: session.id, text: 'echo x' }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('suspend keeps the process; resume brings it back; exec refused while suspended', async () => {
    const session = await fx.api.client.sessions.create.mutate({ cwd: workdir });
    expect((await fx.api.client.sessions.suspend.mutate({ id: session.id })).status).toBe('suspended');
    expect(tmux(fx.home, 'has-session', '-t', `=${session.tmuxName}`)).toBe('');
    expect(await errorOf(fx.api.client.sessions.exec.mutate({ id: session.id, text: 'echo x' }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('suspended'),
    });
    expect((await fx.api.client.sessions.resume.mutate({ id: session.id })).status).toBe('active');
  });

  it('resume of a session whose tmux is gone is PRECONDITION_FAILED and marks it exited', async () => {
    const session = await fx.api.client.sessions.create.mutate({ cwd: workdir });
    await fx.api.client.sessions.suspend.mutate({ id: session.id });
    tmux(fx.home, 'kill-session', '-t', `=${session.tmuxName}`);
    const error = await errorOf(fx.api.client.sessions.resume.mutate({ id: session.id }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toContain('no tmux session');
    expect((await fx.api.client.sessions.get.query({ id: session.id })).status).toBe('exited');
  });

  it('reconciles rows with tmux: a killed session and one whose process exited are exited, the latter with its code', async () => {
    const killed = await fx.api.client.sessions.create.mutate({ cwd: workdir });
    const exiting = await fx.api.client.sessions.create.mutate({ cwd: workdir });
    tmux(fx.home, 'kill-session', '-t', `=${killed.tmuxName}`);
    await fx.api.client.sessions.exec.mutate({ id: exiting.id, text: 'exit 3' });
    await waitUntil(async () => {
      const [a, b] = await Promise.all([
        fx.api.client.sessions.get.query({ id: killed.id }),
        fx.api.client.sessions.get.query({ id: exiting.id }),
      ]);
      return a.status === 'exited' && b.status === 'exited';
    }, 'reconcile', 10_000);
    const exited = await fx.api.client.sessions.get.query({ id: exiting.id });
    expect(exited.exitCode).toBe(3);
    expect(exited.exitedAt).not.toBeNull();
    expect((await fx.api.client.sessions.get.query({ id: killed.id })).exitCode).toBeNull();
  });

  it('refuses malformed input with BAD_REQUEST and changes nothing', async () => {
    const before = (await fx.api.client.sessions.list.query()).length;
    const bad: Array<Parameters<typeof fx.api.client.sessions.create.mutate>[0]> = [
      { cols: -1 },
      { rows: 0 },
      { cols: 100_000 },
      { name: 'x'.repeat(10_000) },
      { name: 'bad\u0007name' },
      { name: 'line\nbreak' },
      { cwd: 'relative/path' },
      { cwd: '/tmp/\0nul' },
      { env: { 'BAD-NAME': 'x' } },
      { kind: 'robot' as 'shell' },
    ];
    for (const input of bad) {
      expect({ input, code: (await errorOf(fx.api.client.sessions.create.mutate(input))).code }).toEqual({
        input,
        code: 'BAD_REQUEST',
      });
    }
    expect((await fx.api.client.sessions.list.query()).length).toBe(before);
    expect((await errorOf(fx.api.client.sessions.get.query({ id: 'a'.repeat(24) }))).code).toBe('NOT_FOUND');
    expect((await errorOf(fx.api.client.sessions.get.query({ id: '../../etc/passwd' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(fx.api.client.sessions.scrollback.query({ id: 'a'.repeat(24), lines: -5 }))).code).toBe(
      'BAD_REQUEST',
    );
  });
});
