// The daemon spreads sessions over several tmux servers ([tmux] servers): each new session goes
// to the server holding the fewest, and every path (live terminals, a restart of the daemon,
// the CLI without a daemon) finds each session on its own server. Real daemon, real tmux.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rdvTmuxSocketOf, rdvTmuxSockets } from '@rdv/test-support/rdv-tmux';
import { waitUntil } from '@rdv/test-support';
import { describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

describe('sessions over several tmux servers', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/bash' }, config: '[tmux]\nservers = 3\n' });
  const workdir = mkdtempSync(join(tmpdir(), 'rdv-servers-'));
  const create = (name: string) => fx.api.client.sessions.create.mutate({ name, cwd: workdir, cols: 80, rows: 24 });
  const typeAndSee = async (id: string, text: string) => {
    await fx.api.client.sessions.exec.mutate({ id, text: `echo ${text}-$((6*7))` });
    await waitUntil(
      async () => (await fx.api.client.sessions.scrollback.query({ id, lines: 20 })).text.includes(`${text}-42`),
      `${text} echoed`,
      15_000,
    );
  };

  it('puts the first sessions on servers of their own, and each works there', async () => {
    const sessions = [await create('one'), await create('two'), await create('three')];
    const sockets = sessions.map((s) => rdvTmuxSocketOf(fx.home, s.tmuxName));
    expect(sockets).toEqual([join(fx.home, 'tmux.sock'), join(fx.home, 'tmux-1.sock'), join(fx.home, 'tmux-2.sock')]);
    for (const session of sessions) await typeAndSee(session.id, `on-${session.name}`);
    // A fourth shares the server with the fewest.
    const four = await create('four');
    expect(sockets).toContain(rdvTmuxSocketOf(fx.home, four.tmuxName));
    const listed = await fx.api.client.sessions.list.query({});
    expect(listed.filter((s) => s.status === 'active').map((s) => s.name).sort()).toEqual(['four', 'one', 'three', 'two']);
  });

  it('a restarted daemon finds every session on its server, and the CLI without a daemon lists them all', async () => {
    const before = (await fx.api.client.sessions.list.query({})).filter((s) => s.status === 'active');
    expect(before.length).toBeGreaterThanOrEqual(3);
    await fx.stop();
    // Offline: the CLI reads every server's socket.
    const offline = await rdv(fx.home, ['session', 'list', '--json']);
    expect(offline.stderr).toContain('offline');
    const body = JSON.parse(offline.stdout) as { offline: boolean; sessions: Array<{ id: string }> };
    expect(body.offline).toBe(true);
    const offlineIds = body.sessions.map((s) => s.id).sort();
    expect(offlineIds).toEqual(before.map((s) => s.id).sort());
    expect(rdvTmuxSockets(fx.home)).toHaveLength(3);

    await fx.start();
    const after = await rdvJson<Array<{ id: string; status: string }>>(fx.home, ['session', 'list']);
    expect(after.filter((s) => s.status === 'active').map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    const last = before.at(-1)!;
    await typeAndSee(last.id, 'after-restart');
  });
});
