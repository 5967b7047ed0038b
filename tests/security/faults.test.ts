// Faults: kill -9 of the daemon while clients stream; the tmux server killed; the database locked
// by another process; a log file that cannot be written. rdv recovers, loses nothing it had, and
// says clearly what it cannot do.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createTerminalClient } from '@rdv/client';
import { describe, expect, it } from 'vitest';
import { cliClient, getHealth, tmux } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { outcomeOf } from '../helpers/procedures.ts';
import { codeOf } from '../helpers/trpc-errors.ts';
import { attach } from '../helpers/terminal.ts';
import { waitUntil } from '@rdv/test-support';
import { rdvTmux } from '@rdv/test-support/rdv-tmux';

/** The highest `tick-N` in the text (the loop the sessions run prints one every 0.2 s). */
const lastTick = (text: string) => Math.max(0, ...[...text.matchAll(/tick-(\d+)/g)].map((m) => Number(m[1])));

const panePid = (home: string, tmuxName: string) => tmux(home, 'display-message', '-p', '-t', tmuxName, '#{pane_pid}').trim();
const alive = (pid: string) => {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
};

describe('kill -9 of the daemon while clients stream', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/sh' } });

  it('restarts with sessions and processes intact; clients reconnect and get a fresh snapshot, then live output', async () => {
    const { home, daemon } = fx;
    const sessions = await Promise.all(
      ['one', 'two'].map((name) => fx.api.client.sessions.create.mutate({ name, cols: 80, rows: 24 })),
    );
    const pids = sessions.map((s) => panePid(home, s.tmuxName));

    // A WebSocket client that reconnects quickly, as the dashboard does.
    const term = createTerminalClient({
      socketPath: daemon.terminalSocket,
      credentials: { kind: 'cli', token: daemon.cliToken() },
      retryDelayMs: () => 200,
    });
    const streams = sessions.map((s) => attach(term.client, { sessionId: s.id }));
    for (const [i, stream] of streams.entries()) {
      await stream.waitFor((a) => a.received.length > 0, 'a snapshot');
      await term.client.terminal.input.mutate({ sessionId: sessions[i]!.id, data: 'i=0; while :; do i=$((i+1)); echo tick-$i; sleep 0.2; done\r' });
      await stream.waitForText('tick-3');
    }
    const seen = streams.map((s) => s.received.length);
    const oldEpochs = streams.map((s) => s.lastId()!.split(':')[0]);

    const killedAt = Date.now();
    await fx.crash();
    await fx.start();
    const healthyAfterMs = Date.now() - killedAt;

    for (const [i, stream] of streams.entries()) {
      // Resumed: the first event after the restart is a snapshot of the new hub (its id's epoch is
      // new), never output applied at an offset the old daemon's stream had.
      await stream.waitFor((a) => a.received.slice(seen[i]).some((r) => r.id !== undefined), 'events after the restart', 20_000);
      const first = stream.received.slice(seen[i]).find((r) => r.id !== undefined)!;
      expect(first.event.type).toBe('snapshot');
      expect(first.id!.split(':')[0]).not.toBe(oldEpochs[i]);
    }
    const resumedAfterMs = Date.now() - killedAt;
    for (const stream of streams) {
      const ticksBefore = lastTick(stream.output());
      await stream.waitFor((a) => lastTick(a.output()) > ticksBefore + 2, 'live ticks after the restart', 20_000);
    }
    console.log(`[faults] kill -9 → daemon healthy in ${healthyAfterMs} ms; both clients resumed (fresh snapshot) in ${resumedAfterMs} ms`);

    // The same processes, in the same panes, and the rows still active.
    expect(sessions.map((s) => panePid(home, s.tmuxName))).toEqual(pids);
    expect(pids.every(alive)).toBe(true);
    const listed = await fx.api.client.sessions.list.query();
    expect(listed.filter((s) => sessions.some((x) => x.id === s.id)).map((s) => s.status)).toEqual(['active', 'active']);
    for (const stream of streams) stream.unsubscribe();
    await term.close();
  });
});

describe('the tmux server killed', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/sh' } });

  it('marks the sessions exited and health degraded, and recovers when tmux runs again', async () => {
    const { daemon } = fx;
    const api = cliClient(daemon);
    const session = await api.client.sessions.create.mutate({ name: 'doomed' });
    expect((await getHealth(daemon.apiSocket)).body.status).toBe('healthy');
    rdvTmux(daemon.home, 'kill-server');

    await waitUntil(async () => (await api.client.sessions.get.query({ id: session.id })).status === 'exited', 'the session to be marked exited', 10_000);
    await waitUntil(async () => (await getHealth(daemon.apiSocket)).body.status === 'degraded', 'health to say degraded', 12_000);
    expect((await getHealth(daemon.apiSocket)).body.components).toMatchObject({ database: true, tmux: false });
    expect(await codeOf(api.client.sessions.exec.mutate({ id: session.id, text: 'echo hi' }))).toBe('PRECONDITION_FAILED');

    // tmux comes back with the next session; health follows at its next probe.
    const fresh = await api.client.sessions.create.mutate({ name: 'phoenix' });
    await api.client.sessions.exec.mutate({ id: fresh.id, text: 'echo back-$((40+2))' });
    await waitUntil(async () => (await api.client.sessions.scrollback.query({ id: fresh.id })).text.includes('back-42'), 'the new session to work');
    await waitUntil(async () => (await getHealth(daemon.apiSocket)).body.status === 'healthy', 'health to recover', 12_000);
    await api.close();
  });
});

describe('the database locked by another process', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/sh' } });

  /** Holds an exclusive transaction on the daemon's database from this process for `ms`. */
  const lockFor = async (ms: number, during: () => Promise<void>) => {
    const db = new Database(join(fx.home, 'sqlite.db'));
    db.exec('BEGIN EXCLUSIVE');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        db.exec('ROLLBACK');
        db.close();
        resolve();
      }, ms),
    );
    try {
      await during();
    } finally {
      await released;
    }
  };

  it('waits out a short lock: reads go on, writes complete once it is released', async () => {
    const api = cliClient(fx.daemon);
    await lockFor(1_500, async () => {
      const started = Date.now();
      expect(await codeOf(api.client.sessions.list.query())).toBe('OK');
      const created = await api.client.folders.create.mutate({ name: 'after-the-lock' });
      expect(created.name).toBe('after-the-lock');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    });
    await api.close();
  });

  it('fails writes clearly during a long lock, and corrupts nothing', async () => {
    const api = cliClient(fx.daemon);
    let refusal: ReturnType<typeof outcomeOf> | undefined;
    await lockFor(7_000, async () => {
      expect(await codeOf(api.client.folders.list.query())).toBe('OK');
      refusal = await api.client.folders.create.mutate({ name: 'blocked' }).then(
        () => undefined,
        (error: unknown) => outcomeOf(error),
      );
      expect((await getHealth(fx.daemon.apiSocket)).status).toBe(200);
    });
    expect(refusal?.code).toBe('SERVICE_UNAVAILABLE');
    expect(refusal?.text).toMatch(/database is busy/);
    // Afterwards: writes work, the folder that failed does not exist, the file is sound.
    expect((await api.client.folders.create.mutate({ name: 'after' })).name).toBe('after');
    expect((await api.client.folders.list.query()).map((f) => f.name)).not.toContain('blocked');
    await api.close();
    const db = new Database(join(fx.home, 'sqlite.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('a log file that cannot be written (full disk)', () => {
  const fx = useDaemon({ config: '[server]\nlog_file = "/dev/full"\n', env: { SHELL: '/bin/sh' } });

  it('keeps serving, and stops cleanly', async () => {
    const { daemon } = fx;
    try {
      const api = cliClient(daemon);
      for (let i = 0; i < 50; i++) {
        // Refused calls are logged too: every one is a write that fails with ENOSPC.
        expect(await codeOf(api.client.sessions.get.query({ id: `missing${i}` }))).toBe('NOT_FOUND');
      }
      const session = await api.client.sessions.create.mutate({ name: 'no-log' });
      await api.client.sessions.exec.mutate({ id: session.id, text: 'echo still-$((1+1))' });
      await waitUntil(async () => (await api.client.sessions.scrollback.query({ id: session.id })).text.includes('still-2'), 'the session to work');
      expect((await getHealth(daemon.apiSocket)).body.status).toBe('healthy');
      await api.close();
      expect(daemon.stderr()).toContain('cannot write /dev/full');
    } finally {
      const exit = await fx.stop();
      expect(exit.code).toBe(0);
    }
  });
});
