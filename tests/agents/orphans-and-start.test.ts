// What the daemon finds at start-up: agent sessions lost with the tmux server are resumed when
// `[agents] resume_on_start` says so, and tmux sessions no row owns are listed (health,
// `rdv session orphans`) and can be adopted or killed. Real daemon restarts, real tmux.
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@rdv/test-support';
import { describe, expect, it } from 'vitest';
import { makeAgentBin } from '../helpers/agents.ts';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { getHealth, tmux } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

const WAIT_MS = 30_000;
const bin = makeAgentBin();
const PATH = `${bin.dir}:${process.env.PATH ?? ''}`;

describe('[agents] resume_on_start (real daemon restart after a lost tmux server)', () => {
  const fx = useDaemon({
    config: '[agents]\nresume_on_start = true\n',
    env: { SHELL: '/bin/bash', PATH, RDV_STANDIN_LOG: bin.logFile },
  });

  it('a reboot (daemon stopped, tmux server gone) brings the agent back with claude --resume <id>; one stopped before stays stopped', async () => {
    const install = await rdv(fx.home, ['hooks', 'install', '--agent', 'claude'], { env: { HOME: join(fx.home, 'user-home'), PATH } });
    expect(install, install.stderr).toMatchObject({ code: 0 });
    const get = (id: string) => fx.api.client.sessions.get.query({ id });
    const conversationOf = async (id: string) => {
      await waitUntil(async () => (await get(id)).agentSessionId !== null, 'the SessionStart hook', WAIT_MS);
      return (await get(id)).agentSessionId;
    };
    const claudeStarts = () => bin.entries().filter((e) => e.agent === 'claude' && e.what === 'start');

    // Stopped while rdv was running: the person has seen it stopped; start-up leaves it so.
    const earlier = await fx.api.client.sessions.create.mutate({ agent: 'claude', cwd: realpathSync(mkdtempSync(join(tmpdir(), 'rdv-earlier-'))) });
    await conversationOf(earlier.id);
    tmux(fx.home, 'kill-server');
    await waitUntil(async () => (await get(earlier.id)).status === 'exited', 'the first session to be seen gone', WAIT_MS);

    const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-boot-')));
    const created = await fx.api.client.sessions.create.mutate({ agent: 'claude', cwd });
    const conversation = await conversationOf(created.id);
    expect(claudeStarts()).toHaveLength(2);

    await fx.stop();
    tmux(fx.home, 'kill-server');
    await fx.start();

    await waitUntil(() => claudeStarts().length === 3, 'claude to be resumed at start-up', WAIT_MS);
    expect(claudeStarts()[2]).toMatchObject({ argv: ['--resume', conversation], cwd, env: { RDV_SESSION_ID: created.id } });
    expect(await get(created.id)).toMatchObject({ status: 'active', agentSessionId: conversation });
    expect(await get(earlier.id)).toMatchObject({ status: 'exited', resumable: true });
    expect(claudeStarts()).toHaveLength(3);
  });
});

describe('orphaned tmux sessions (found at start-up; listed, adopted, killed)', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });

  it('are listed in health and `rdv session orphans`, and can be adopted or killed, and nothing else can', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-orphan-')));
    const owned = await fx.api.client.sessions.create.mutate({ name: 'owned', cwd: dir });
    tmux(fx.home, 'new-session', '-d', '-s', 'rdv-orphan1', '-c', dir, '-x', '100', '-y', '30', '/bin/bash');
    tmux(fx.home, 'new-session', '-d', '-s', 'rdv-orphan2', 'sleep 600');
    await fx.restart();

    const orphansInHealth = (await getHealth(fx.daemon.apiSocket)).body.orphaned_tmux_sessions as string[];
    expect([...orphansInHealth].sort()).toEqual(['rdv-orphan1', 'rdv-orphan2']);
    const listed = await rdvJson<Array<{ name: string; cwd: string | null; dead: boolean }>>(fx.home, ['session', 'orphans']);
    expect(listed.map((o) => o.name).sort()).toEqual(['rdv-orphan1', 'rdv-orphan2']);
    expect(listed.find((o) => o.name === 'rdv-orphan1')).toMatchObject({ cwd: dir, dead: false });
    const table = await rdv(fx.home, ['session', 'orphans']);
    expect(table.stdout).toMatch(/rdv-orphan1\s+running/);

    const adopted = await rdvJson<{ id: string; tmuxName: string; cwd: string; status: string; cols: number; rows: number }>(fx.home, ['session', 'orphans', 'adopt', 'rdv-orphan1']);
    // `rdv-<id>` with no row of that id keeps the id, so RDV_SESSION_ID-style names line up.
    expect(adopted).toMatchObject({ id: 'orphan1', tmuxName: 'rdv-orphan1', cwd: dir, status: 'active', cols: 100, rows: 30 });
    await fx.api.client.sessions.exec.mutate({ id: adopted.id, text: 'echo adopted-$((40+2))' });
    await waitUntil(async () => (await fx.api.client.sessions.scrollback.query({ id: adopted.id, lines: 50 })).text.includes('adopted-42'), 'the adopted shell to run a command', WAIT_MS);

    const killed = await rdv(fx.home, ['session', 'orphans', 'kill', 'rdv-orphan2']);
    expect(killed, killed.stderr).toMatchObject({ code: 0, stdout: 'killed rdv-orphan2\n' });
    expect(() => tmux(fx.home, 'has-session', '-t', '=rdv-orphan2')).toThrow();
    expect((await getHealth(fx.daemon.apiSocket)).body.orphaned_tmux_sessions).toEqual([]);
    expect(await rdv(fx.home, ['session', 'orphans'])).toMatchObject({ code: 0, stdout: 'no orphaned tmux sessions\n' });

    // A session a row owns is not an orphan: neither adopted nor killed.
    const notOrphan = await rdv(fx.home, ['session', 'orphans', 'kill', owned.tmuxName]);
    expect(notOrphan.code).toBe(3);
    expect(notOrphan.stderr).toMatch(/no orphaned tmux session named/);
    expect(tmux(fx.home, 'has-session', '-t', `=${owned.tmuxName}`)).toBe('');
    const badName = await rdv(fx.home, ['session', 'orphans', 'adopt', 'main']);
    expect(badName.code).toBe(2);

    // A closed row still names this tmux session: it is an orphan, but it cannot get a second row.
    const closed = await fx.api.client.sessions.create.mutate({ name: 'closed-one', cwd: dir });
    await fx.api.client.sessions.close.mutate({ id: closed.id });
    tmux(fx.home, 'new-session', '-d', '-s', closed.tmuxName, 'sleep 600');
    const clash = await rdv(fx.home, ['session', 'orphans', 'adopt', closed.tmuxName]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain(`closed session ${closed.id} still names ${closed.tmuxName}`);
    expect(await rdv(fx.home, ['session', 'orphans', 'kill', closed.tmuxName])).toMatchObject({ code: 0 });
  });
});
