// Exited sessions stay listed with their exit code and last screen, and `sessions.restart` runs
// them again in the same row: real daemon, real tmux, real SQLite.
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../helpers/audit.ts';
import { tmux } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';
import { errorOf } from '../helpers/trpc-errors.ts';

describe('exited sessions and restart (real tmux)', () => {
  let workdir: string;
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  beforeAll(async () => {
    workdir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-restart-')));
  });

  const get = (id: string) => fx.api.client.sessions.get.query({ id });
  const scrollback = async (id: string) =>
    (await fx.api.client.sessions.scrollback.query({ id, lines: 200 })).text;

  it('a shell that exits with 3 stays listed as exited with code 3 and its last output', async () => {
    const folder = await fx.api.client.folders.create.mutate({ name: 'restart-folder' });
    const session = await fx.api.client.sessions.create.mutate({
      name: 'exits',
      cwd: workdir,
      env: { RESTART_MARK: 'kept-env' },
      folderId: folder.id,
    });
    await fx.api.client.sessions.exec.mutate({ id: session.id, text: 'echo last-words; exit 3' });
    await waitUntil(
      async () => (await get(session.id)).status === 'exited',
      'the session to exit',
      15_000,
    );

    const exited = await get(session.id);
    expect(exited).toMatchObject({ status: 'exited', exitCode: 3, closedAt: null });
    expect(exited.exitedAt).not.toBeNull();
    const listed = await fx.api.client.sessions.list.query({
      status: ['active', 'suspended', 'exited'],
    });
    expect(listed.map((s) => s.id)).toContain(session.id);
    // The dead pane is kept: its last screen reads back, without tmux's "Pane is dead" line.
    const last = await scrollback(session.id);
    expect(last).toContain('last-words');
    expect(last).not.toMatch(/Pane is dead/);
    expect(
      await errorOf(fx.api.client.sessions.exec.mutate({ id: session.id, text: 'echo no' })),
    ).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('restart it first'),
    });

    const restarted = await fx.api.client.sessions.restart.mutate({ id: session.id });
    expect(restarted).toMatchObject({
      id: session.id,
      name: 'exits',
      kind: 'shell',
      cwd: workdir,
      folderId: folder.id,
      status: 'active',
      exitCode: null,
      exitedAt: null,
      tmuxName: session.tmuxName,
    });
    await fx.api.client.sessions.exec.mutate({
      id: session.id,
      text: 'echo "env=$RESTART_MARK id=$RDV_SESSION_ID cwd=$PWD"',
    });
    await waitUntil(
      async () =>
        (await scrollback(session.id)).includes(`env=kept-env id=${session.id} cwd=${workdir}`),
      'the restarted shell to run with the same env and cwd',
    );
    // A fresh shell: the old output is gone with the old pane.
    expect(await scrollback(session.id)).not.toContain('last-words');
    expect(tmux(fx.home, 'has-session', '-t', `=${session.tmuxName}`)).toBe('');

    expect(await errorOf(fx.api.client.sessions.restart.mutate({ id: session.id }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('only an exited or closed session can be restarted'),
    });
    const audited = auditRows(fx.home, 'sessions.restart');
    expect(audited.map((row) => [row.target, row.outcome])).toEqual([
      [`session:${session.id}`, 'success'],
      [`session:${session.id}`, 'refused'],
    ]);
    await fx.api.client.sessions.close.mutate({ id: session.id });
  });

  it('an agent restarts with the same command typed again; a closed session restarts too', async () => {
    const agent = await fx.api.client.sessions.create.mutate({
      kind: 'agent',
      name: 'agent-exits',
      command: `exec sh -c 'echo agent-run-$$; exit 4'`,
      cwd: workdir,
    });
    await waitUntil(
      async () => (await get(agent.id)).status === 'exited',
      'the agent to exit',
      15_000,
    );
    expect((await get(agent.id)).exitCode).toBe(4);
    await waitUntil(
      async () => (await get(agent.id)).agentStatus === 'error',
      'agent status error',
      10_000,
    );

    await fx.api.client.sessions.restart.mutate({ id: agent.id });
    await waitUntil(
      async () => (await get(agent.id)).status === 'exited',
      'the agent to run and exit again',
      15_000,
    );
    expect((await get(agent.id)).exitCode).toBe(4);
    expect(await scrollback(agent.id)).toContain('agent-run-');

    await fx.api.client.sessions.close.mutate({ id: agent.id });
    expect((await get(agent.id)).status).toBe('closed');
    expect(() => tmux(fx.home, 'has-session', '-t', `=${agent.tmuxName}`)).toThrow();
    expect((await fx.api.client.sessions.restart.mutate({ id: agent.id })).status).toBe('active');
    await fx.api.client.sessions.close.mutate({ id: agent.id });
  });

  it('refuses a malformed id and an unknown one, and changes nothing', async () => {
    expect(await errorOf(fx.api.client.sessions.restart.mutate({ id: '' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(
      await errorOf(fx.api.client.sessions.restart.mutate({ id: 'nosuchsession' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a restart whose working directory is gone is refused with BAD_REQUEST and the session stays exited', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-gone-')));
    const session = await fx.api.client.sessions.create.mutate({ cwd: dir });
    await fx.api.client.sessions.exec.mutate({
      id: session.id,
      text: `cd / && rmdir ${dir} && exit 0`,
    });
    await waitUntil(
      async () => (await get(session.id)).status === 'exited',
      'the session to exit',
      15_000,
    );
    expect(await errorOf(fx.api.client.sessions.restart.mutate({ id: session.id }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('does not exist'),
    });
    expect((await get(session.id)).status).toBe('exited');
  });
});
