import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tmux, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { attach, createScreen, seqOf, trimTrailing } from '../helpers/terminal.ts';
import { waitUntil } from '@rdv/test-support';

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

describe('live terminals over terminal.sock', () => {
  let ws: ReturnType<typeof wsClient>;
  let workdir: string;
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  beforeAll(async () => {
    ws = wsClient(fx.daemon, { kind: 'cli', token: fx.daemon.cliToken() });
    workdir = mkdtempSync(join(tmpdir(), 'rdv-term-'));
  });
  afterAll(async () => {
    await ws.close();
  });

  const newSession = (extra: { cols?: number; rows?: number } = {}) =>
    fx.api.client.sessions.create.mutate({ cwd: workdir, cols: 80, rows: 24, ...extra });
  const type = (sessionId: string, data: string) => ws.client.terminal.input.mutate({ sessionId, data });

  it('create → attach → type → see the output', async () => {
    const session = await newSession();
    const a = attach(ws.client, { sessionId: session.id });
    await a.waitFor((x) => x.received.some((r) => r.event.type === 'snapshot'), 'snapshot');
    expect(a.received[0]!.event.type).toBe('snapshot');
    await type(session.id, 'echo hello-$((6*7))\r');
    await a.waitForText('hello-42');
    a.unsubscribe();
  });

  it('gives two subscribers identical output', async () => {
    const session = await newSession();
    const a = attach(ws.client, { sessionId: session.id });
    const b = attach(ws.client, { sessionId: session.id });
    await a.waitFor((x) => x.received.length > 0, 'a snapshot');
    await b.waitFor((x) => x.received.length > 0, 'b snapshot');
    await type(session.id, 'for i in $(seq 1 300); do echo line-$i; done; echo both-$((1+1))-done\r');
    await a.waitForText('both-2-done');
    await b.waitForText('both-2-done');
    await new Promise((r) => setTimeout(r, 200));
    // Both see the same chunks from the first one they share (after the later snapshot) on.
    const ids = (x: typeof a) => x.received.filter((r) => r.event.type === 'output').map((r) => r.id);
    const common = ids(a).filter((id) => ids(b).includes(id));
    expect(common.length).toBeGreaterThan(0);
    const tail = (x: typeof a) =>
      x.received
        .filter((r) => r.event.type === 'output' && seqOf(r.id) >= seqOf(common[0]))
        .map((r) => (r.event as { data: string }).data)
        .join('');
    expect(tail(a)).toBe(tail(b));
    expect(tail(a)).toContain('both-2-done');
    a.unsubscribe();
    b.unsubscribe();
  });

  it('detach and reattach shows the prior screen', async () => {
    const session = await newSession();
    const first = attach(ws.client, { sessionId: session.id });
    await type(session.id, 'echo before-detach-$((2*21))\r');
    await first.waitForText('before-detach-42');
    first.unsubscribe();
    const second = attach(ws.client, { sessionId: session.id });
    await second.waitFor((x) => x.received.length > 0, 'snapshot');
    const snapshot = second.received[0]!.event;
    expect(snapshot.type).toBe('snapshot');
    const { data, cols, rows } = snapshot as { data: string; cols: number; rows: number };
    expect({ cols, rows }).toEqual({ cols: 80, rows: 24 });
    const screen = createScreen(cols, rows);
    await screen.write(data);
    expect(screen.visibleLines().join('\n'), JSON.stringify(snapshot)).toContain('before-detach-42');
    screen.dispose();
    second.unsubscribe();
  });

  it('resumes with lastEventId: nothing lost, nothing duplicated', async () => {
    const session = await newSession();
    const witness = attach(ws.client, { sessionId: session.id });
    const first = attach(ws.client, { sessionId: session.id });
    await first.waitFor((x) => x.received.length > 0, 'snapshot');
    await type(session.id, 'echo part-$((0+1))\r');
    await first.waitForText('part-1');
    await new Promise((r) => setTimeout(r, 100));
    const lastId = first.lastId()!;
    first.unsubscribe();
    await type(session.id, 'for i in $(seq 1 100); do echo gap-$i; done\r');
    await witness.waitForText('gap-100');
    const resumed = attach(ws.client, { sessionId: session.id, lastEventId: lastId });
    await type(session.id, 'echo part-$((1+2))\r');
    await resumed.waitForText('part-3');
    await witness.waitForText('part-3');
    await new Promise((r) => setTimeout(r, 100));
    // No snapshot: the bytes were buffered. The resubscription says so first.
    expect(resumed.received[0]!.event.type).toBe('resume');
    expect(resumed.received.filter((r) => r.event.type === 'snapshot')).toHaveLength(0);
    // first (up to lastId) + resumed = witness (from the same point on).
    const witnessAfter = witness.received
      .filter((r) => r.event.type === 'output' && seqOf(r.id) > seqOf(lastId))
      .map((r) => (r.event as { data: string }).data)
      .join('');
    expect(resumed.output()).toBe(witnessAfter.slice(0, resumed.output().length));
    expect(resumed.output()).toContain('gap-100');
    expect(resumed.output()).not.toContain('part-1'); // nothing from before lastId
    witness.unsubscribe();
    resumed.unsubscribe();
  });

  it('an unknown lastEventId gets a fresh snapshot', async () => {
    const session = await newSession();
    const a = attach(ws.client, { sessionId: session.id, lastEventId: '999999999' });
    await a.waitFor((x) => x.received.length > 0, 'first event');
    expect(a.received[0]!.event.type).toBe('snapshot');
    a.unsubscribe();
  });

  it('streams `seq 1 200000` in order, the rendered screen matches capture-pane, history is complete', async () => {
    const session = await newSession();
    const a = attach(ws.client, { sessionId: session.id, cols: 80, rows: 24 });
    await a.waitFor((x) => x.received.length > 0, 'snapshot');
    await type(session.id, 'seq 1 200000; echo seq-finished-$((1+1))\r');
    await a.waitForText('seq-finished-2', 60_000);
    await new Promise((r) => setTimeout(r, 300));
    // Render everything the subscriber got, as the browser would.
    const screen = createScreen(80, 24, 300_000);
    await screen.write(a.all());
    const pane = trimTrailing(
      tmux(fx.home, 'capture-pane', '-p', '-t', `=${session.tmuxName}:`).split('\n').map((l) => l.replace(/\s+$/, '')),
    );
    expect(screen.visibleLines()).toEqual(pane);
    // In order: tmux skips frames when output outruns a client (the stream carries screen
    // updates, not bytes), so the rendered lines may have gaps, but never go backwards.
    const rendered = screen.allLines().filter((line) => /^\d+$/.test(line)).map(Number);
    for (let i = 1; i < rendered.length; i++) expect(rendered[i]!).toBeGreaterThan(rendered[i - 1]!);
    expect(rendered.at(-1)).toBe(200_000);
    // Complete: tmux kept every line its history holds (10,000 by default), in order.
    const history = await fx.api.client.sessions.scrollback.query({ id: session.id, lines: 20_000 });
    const lines = history.text.split('\n').filter((line) => /^\d+$/.test(line));
    expect(lines.length).toBeGreaterThan(9_900);
    expect(lines).toEqual(Array.from({ length: lines.length }, (_, i) => String(200_001 - lines.length + i)));
    console.info(`seq 1 200000 through terminal.sock: ${rendered.length} of 200000 lines rendered in the client`);
    screen.dispose();
    a.unsubscribe();
  }, 90_000);

  it('keeps UTF-8 (CJK, emoji) intact and survives invalid bytes', async () => {
    const session = await newSession();
    const a = attach(ws.client, { sessionId: session.id });
    await a.waitFor((x) => x.received.length > 0, 'snapshot');
    await type(session.id, "printf 'cjk:\\xe6\\xbc\\xa2\\xe5\\xad\\x97 emoji:\\xf0\\x9f\\x9a\\x80 bad:\\xff\\xfe\\xc3 end-ok\\n'\r");
    await a.waitForText('漢字');
    expect(a.output()).toContain('漢字');
    expect(a.output()).toContain('🚀');
    await type(session.id, 'echo still-alive-$((3*3))\r');
    await a.waitForText('still-alive-9');
    a.unsubscribe();
  });

  it('delivers a 1 MB paste whole and in order', async () => {
    const session = await newSession();
    const target = join(workdir, 'paste.txt');
    const a = attach(ws.client, { sessionId: session.id });
    await a.waitFor((x) => x.received.length > 0, 'snapshot');
    await type(session.id, `stty -echo; cat > ${target}\r`);
    await new Promise((r) => setTimeout(r, 300));
    // Lines well under the tty's 4 KiB canonical-mode limit.
    const lines = Array.from({ length: 13_000 }, (_, i) => `paste-line-${String(i).padStart(6, '0')}-${'x'.repeat(60)}`);
    const text = lines.join('\n') + '\n';
    expect(text.length).toBeGreaterThan(1_000_000);
    await type(session.id, text);
    await type(session.id, '\x04');
    await type(session.id, 'stty echo; echo paste-$((1+1))-done\r');
    await a.waitForText('paste-2-done', 30_000);
    const written = readFileSync(target, 'utf8');
    expect(written.length).toBe(text.length);
    expect(createHash('sha256').update(written).digest('hex')).toBe(createHash('sha256').update(text).digest('hex'));
    a.unsubscribe();
  }, 60_000);

  it('a stalled subscriber keeps daemon memory bounded while another streams everything', async () => {
    const session = await newSession();
    // A raw WebSocket client that subscribes, then stops reading its socket.
    const stalled = new WebSocket(`ws+unix://${fx.daemon.terminalSocket}:/`, {
      headers: { authorization: `Bearer ${fx.daemon.cliToken()}` },
    });
    await new Promise((resolve, reject) => stalled.once('open', resolve).once('error', reject));
    stalled.send(
      JSON.stringify({ id: 1, method: 'subscription', params: { path: 'terminal.attach', input: { sessionId: session.id } } }),
    );
    await new Promise((r) => setTimeout(r, 300));
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();

    const live = attach(ws.client, { sessionId: session.id });
    await live.waitFor((x) => x.received.length > 0, 'snapshot');
    const before = rssKb(fx.daemon.child.pid!);
    await type(session.id, 'for r in 1 2 3 4 5; do seq 1 200000; done; echo stalled-test-$((5*5))\r');
    await live.waitForText('stalled-test-25', 90_000);
    const after = rssKb(fx.daemon.child.pid!);
    console.info(`daemon RSS with a stalled subscriber: ${before} kB → ${after} kB`);
    // The stream was ~7 MB of output; a stalled client must not make the daemon hold it.
    expect(after - before).toBeLessThan(40 * 1024);
    stalled.terminate();
    live.unsubscribe();
  }, 120_000);

  it('typing tmux’s old prefix and d (C-b d) reaches the shell and does not end the session', async () => {
    const session = await newSession();
    const a = attach(ws.client, { sessionId: session.id });
    await a.waitFor((x) => x.received.length > 0, 'snapshot');
    await type(session.id, '\x02d');
    await type(session.id, '\x15echo still-here-$((2+3))\r');
    await a.waitForText('still-here-5');
    expect(a.received.some((r) => r.event.type === 'exit')).toBe(false);
    expect((await fx.api.client.sessions.get.query({ id: session.id })).status).toBe('active');
    a.unsubscribe();
  });

  it('delivers the exit code to subscribers and records it', async () => {
    const session = await newSession();
    const a = attach(ws.client, { sessionId: session.id });
    const b = attach(ws.client, { sessionId: session.id });
    await a.waitFor((x) => x.received.length > 0, 'snapshot');
    await b.waitFor((x) => x.received.length > 0, 'snapshot');
    await type(session.id, 'exit 7\r');
    for (const x of [a, b]) {
      await x.waitFor((y) => y.received.some((r) => r.event.type === 'exit'), 'exit event');
      expect(x.received.find((r) => r.event.type === 'exit')!.event).toEqual({ type: 'exit', code: 7 });
    }
    await waitUntil(async () => (await fx.api.client.sessions.get.query({ id: session.id })).status === 'exited', 'exited');
    expect((await fx.api.client.sessions.get.query({ id: session.id })).exitCode).toBe(7);
  });

  it('suspend ends live streams with a suspended event; attach to a suspended session is refused', async () => {
    const session = await newSession();
    const a = attach(ws.client, { sessionId: session.id });
    await a.waitFor((x) => x.received.length > 0, 'snapshot');
    await fx.api.client.sessions.suspend.mutate({ id: session.id });
    await a.waitFor((x) => x.received.some((r) => r.event.type === 'suspended'), 'suspended event');
    const refused = attach(ws.client, { sessionId: session.id });
    const ended = await refused.ended;
    expect(ended).toBeInstanceOf(Error);
    expect((ended as Error).message).toContain('suspended');
  });

  it('validates input and resize sizes', async () => {
    const session = await newSession();
    for (const size of [{ cols: -1, rows: 24 }, { cols: 80, rows: 0 }, { cols: 5000, rows: 24 }, { cols: 1.5, rows: 24 }]) {
      await expect(ws.client.terminal.resize.mutate({ sessionId: session.id, ...size })).rejects.toThrow();
    }
    const ok = await ws.client.terminal.resize.mutate({ sessionId: session.id, cols: 100, rows: 30 });
    expect(ok.size).toEqual({ cols: 100, rows: 30 });
    await expect(ws.client.terminal.input.mutate({ sessionId: 'nope'.repeat(3), data: 'x' })).rejects.toThrow(/not found/);
  });
});
