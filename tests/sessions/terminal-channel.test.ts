// The terminal channel on a real daemon: one WebSocket per terminal, speaking
// TERMINAL_CHANNEL_PROTOCOL on terminal.sock, with the router's own checks behind every frame.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminalChannel } from '@rdv/client';
import { SHARE_VIEWER_HEADER, TERMINAL_CHANNEL_PROTOCOL, type TerminalStreamEvent } from '@rdv/contract';
import { waitUntil } from '@rdv/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { getHealth } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

/** A channel socket spoken to frame by frame, to see the wire as it is. */
async function rawChannel(socketPath: string, headers: Record<string, string>) {
  const ws = new WebSocket(`ws+unix://${socketPath}:/`, TERMINAL_CHANNEL_PROTOCOL, { headers });
  const frames: string[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => frames.push(isBinary ? '<binary>' : data.toString('utf8')));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const output = () =>
    frames
      .filter((f) => f.startsWith('o'))
      .map((f) => f.slice(f.indexOf('\n') + 1))
      .join('');
  return {
    ws,
    frames,
    output,
    send: (text: string) => ws.send(text),
    waitFor: (test: (frame: string) => boolean, what: string) =>
      waitUntil(() => frames.some(test), what, 15_000),
    waitForOutput: (text: string) => waitUntil(() => output().includes(text), `output ${text}`, 15_000),
    close: () => ws.close(),
  };
}

const errorOf = (frame: string) => JSON.parse(frame.slice(1)) as { ref?: number; code: string; message: string };

describe('the terminal channel on terminal.sock', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  let workdir: string;
  let auth: Record<string, string>;
  beforeAll(() => {
    workdir = mkdtempSync(join(tmpdir(), 'rdv-channel-'));
    auth = { authorization: `Bearer ${fx.daemon.cliToken()}` };
  });
  const newSession = () => fx.api.client.sessions.create.mutate({ cwd: workdir, cols: 80, rows: 24 });

  it('negotiates its subprotocol; a snapshot, then keys acknowledged by ref and their echo as bare output frames', async () => {
    const session = await newSession();
    const ch = await rawChannel(fx.daemon.terminalSocket, auth);
    expect(ch.ws.protocol).toBe(TERMINAL_CHANNEL_PROTOCOL);
    ch.send(`a${JSON.stringify({ sessionId: session.id, cols: 80, rows: 24 })}`);
    await ch.waitFor((f) => f.startsWith('e'), 'the first event');
    const first = JSON.parse(ch.frames[0]!.slice(1)) as { id: string; event: TerminalStreamEvent };
    expect(first.event.type).toBe('snapshot');
    expect(first.id).toMatch(/^[0-9a-f]{8}:\d+$/);

    ch.send('i1,\necho channel-$((6*7))\r');
    await ch.waitFor((f) => f === 'k1', 'the ack of input 1');
    await ch.waitForOutput('channel-42');
    // Output frames are `o<epoch>:<seq>\n<the pane's bytes>`: escape codes raw, not JSON-escaped.
    const outputFrame = ch.frames.find((f) => f.startsWith('o') && f.includes('channel-42'))!;
    expect(outputFrame).toMatch(/^o[0-9a-f]{8}:\d+\n/);
    expect(outputFrame).not.toContain('\\u001b');
    ch.close();
  });

  it('numbered input is applied once, however often it is sent', async () => {
    const session = await newSession();
    const ch = await rawChannel(fx.daemon.terminalSocket, auth);
    ch.send(`a${JSON.stringify({ sessionId: session.id, clientId: 'once-1' })}`);
    await ch.waitFor((f) => f.startsWith('e'), 'snapshot');
    ch.send('i1,5\necho once-');
    ch.send('i2,5\necho once-');
    ch.send('i3,6\n$((40+2))\r');
    await ch.waitFor((f) => f === 'k3', 'the third ack');
    await ch.waitForOutput('once-42');
    expect(ch.frames.filter((f) => /^k[123]$/.test(f))).toEqual(['k1', 'k2', 'k3']);
    expect(ch.output()).not.toContain('echo once-echo once-');
    ch.close();
  });

  it('stop ends the stream (`d`); a new open on the same socket resumes after the last event', async () => {
    const session = await newSession();
    const ch = await rawChannel(fx.daemon.terminalSocket, auth);
    ch.send(`a${JSON.stringify({ sessionId: session.id })}`);
    ch.send('i1,\necho before-stop-$((1+1))\r');
    await ch.waitForOutput('before-stop-2');
    await new Promise((r) => setTimeout(r, 300)); // the prompt after it
    const lastId = [...ch.frames].reverse().find((f) => f.startsWith('o'))!.slice(1).split('\n')[0]!;
    ch.send('s');
    await ch.waitFor((f) => f === 'd', 'ended');
    const atStop = ch.frames.length;
    // Keys still go in while no stream is open (a paused terminal must still take Ctrl-C).
    ch.send('i2,\necho while-stopped-$((2+2))\r');
    await ch.waitFor((f) => f === 'k2', 'the ack of input 2');
    expect(ch.frames.slice(atStop).some((f) => f.startsWith('o'))).toBe(false);
    ch.send(`a${JSON.stringify({ sessionId: session.id, lastEventId: lastId })}`);
    await ch.waitForOutput('while-stopped-4');
    const reopened = ch.frames.slice(atStop).find((f) => f.startsWith('e'))!;
    expect((JSON.parse(reopened.slice(1)) as { event: TerminalStreamEvent }).event.type).toBe('resume');
    ch.close();
  });

  it('refuses bad frames and bad input with a clear error, changes nothing, and goes on working', async () => {
    const session = await newSession();
    const ch = await rawChannel(fx.daemon.terminalSocket, auth);
    ch.send('i1,\nls\r');
    await ch.waitFor((f) => f.startsWith('x'), 'input before open refused');
    expect(errorOf(ch.frames.at(-1)!)).toEqual({ ref: 1, code: 'BAD_REQUEST', message: 'open a terminal first' });

    for (const bad of ['', 'zzz', 'i1', 'i-1,\nx', 'r"80x24"', 'a[1]', 'stop!']) ch.send(bad);
    ch.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await waitUntil(() => ch.frames.filter((f) => f.startsWith('x')).length >= 9, 'every bad frame answered', 15_000);
    for (const frame of ch.frames.filter((f) => f.startsWith('x')).slice(1)) {
      expect(errorOf(frame)).toMatchObject({ code: 'BAD_REQUEST', message: 'malformed terminal channel frame' });
    }

    const before = ch.frames.length;
    ch.send(`a${JSON.stringify({ sessionId: 'not a session id!' })}`);
    await ch.waitFor((f) => f === 'd', 'the refused open ends');
    expect(errorOf(ch.frames.slice(before).find((f) => f.startsWith('x'))!)).toMatchObject({ code: 'BAD_REQUEST' });

    const unknown = ch.frames.length;
    ch.send(`a${JSON.stringify({ sessionId: 'c'.repeat(25) })}`);
    await waitUntil(() => ch.frames.slice(unknown).includes('d'), 'unknown session ends', 15_000);
    expect(errorOf(ch.frames.slice(unknown).find((f) => f.startsWith('x'))!).code).toBe('NOT_FOUND');

    ch.send(`a${JSON.stringify({ sessionId: session.id })}`);
    await waitUntil(() => ch.frames.slice(unknown).some((f) => f.startsWith('e')), 'snapshot', 15_000);
    ch.send('i7,\n');
    ch.send(`r${JSON.stringify({ ref: 8, cols: 0, rows: 24 })}`);
    ch.send(`r${JSON.stringify({ ref: 9, cols: 100, rows: 30 })}`);
    await ch.waitFor((f) => f === 'k9', 'the good resize');
    const refused = ch.frames.filter((f) => f.startsWith('x')).map(errorOf);
    expect(refused.find((e) => e.ref === 7)?.code).toBe('BAD_REQUEST');
    expect(refused.find((e) => e.ref === 8)?.code).toBe('BAD_REQUEST');
    ch.send('i10,\necho still-$((3*3))\r');
    await ch.waitForOutput('still-9');
    expect((await getHealth(fx.daemon.apiSocket)).status).toBe(200);
    ch.close();
  });

  it('refuses requests past the queue limit at once rather than holding them', async () => {
    const session = await newSession();
    const ch = await rawChannel(fx.daemon.terminalSocket, auth);
    ch.send(`a${JSON.stringify({ sessionId: session.id })}`);
    await ch.waitFor((f) => f.startsWith('e'), 'snapshot');
    // One write of 400 keys: they reach the daemon together, faster than tmux takes them.
    const burst = Array.from({ length: 400 }, (_, i) => `i${i + 1},\n `);
    for (const frame of burst) ch.send(frame);
    await waitUntil(() => ch.frames.filter((f) => /^(k|x)/.test(f)).length >= 400, 'every key answered', 30_000);
    const refused = ch.frames.filter((f) => f.startsWith('x')).map(errorOf);
    const done = ch.frames.filter((f) => /^k\d+$/.test(f));
    expect(refused.filter((e) => e.message.includes('requests waiting on this terminal')).length).toBeGreaterThan(0);
    expect(refused.every((e) => e.code === 'TOO_MANY_REQUESTS')).toBe(true);
    expect(done.length + refused.length).toBe(400);
    ch.send('i1000,\n\x15echo queue-ok-$((4*4))\r');
    await ch.waitForOutput('queue-ok-16');
    ch.close();
  });

  it('survives frames the WebSocket layer refuses (bad UTF-8, past the size limit): that socket closes, the daemon goes on', async () => {
    for (const send of [
      (ws: WebSocket) => ws.send(Buffer.from([0x69, 0x31, 0x2c, 0x0a, 0xff, 0xfe]), { binary: false }),
      (ws: WebSocket) => ws.send('i1,\n' + 'x'.repeat(5 * 1024 * 1024)),
    ]) {
      const ch = await rawChannel(fx.daemon.terminalSocket, auth);
      const closed = new Promise<number>((resolve) => ch.ws.once('close', (code: number) => resolve(code)));
      send(ch.ws);
      expect([1007, 1009]).toContain(await closed);
    }
    expect((await getHealth(fx.daemon.apiSocket)).status).toBe(200);
    const session = await newSession();
    const ch = await rawChannel(fx.daemon.terminalSocket, auth);
    ch.send(`a${JSON.stringify({ sessionId: session.id })}`);
    await ch.waitFor((f) => f.startsWith('e'), 'a new socket still works');
    ch.close();
  });

  it('refuses a missing or wrong token and a share link viewer, and says nothing of the session', async () => {
    const session = await newSession();
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'UNAUTHORIZED'],
      [{ authorization: `Bearer rdv_${'x'.repeat(40)}` }, 'UNAUTHORIZED'],
      [{ ...auth, [SHARE_VIEWER_HEADER]: '1' }, 'FORBIDDEN'],
    ];
    for (const [headers, code] of cases) {
      const ch = await rawChannel(fx.daemon.terminalSocket, headers);
      ch.send(`a${JSON.stringify({ sessionId: session.id })}`);
      ch.send('i1,\necho should-not-run\r');
      await ch.waitFor((f) => f === 'd', 'ended');
      await ch.waitFor((f) => f.startsWith('x{"ref":1'), 'input refused');
      const errors = ch.frames.filter((f) => f.startsWith('x')).map(errorOf);
      expect(errors.map((e) => e.code)).toEqual([code, code]);
      expect(ch.frames.some((f) => f.startsWith('e') || f.startsWith('o'))).toBe(false);
      ch.close();
    }
    // None of those keys reached the pane.
    const { text } = await fx.api.client.sessions.scrollback.query({ id: session.id, lines: 50 });
    expect(text).not.toContain('should-not-run');
  });

  it('@rdv/client: a TerminalChannel types and sees the echo; `rdv attach` and the dashboard use it', async () => {
    const session = await newSession();
    const channel = createTerminalChannel({
      socketPath: fx.daemon.terminalSocket,
      credentials: { kind: 'cli', token: fx.daemon.cliToken() },
    });
    let text = '';
    let live = false;
    channel.attach(
      { sessionId: session.id, cols: 80, rows: 24 },
      {
        onData: ({ event }) => {
          if (event.type === 'snapshot') live = true;
          if (event.type === 'output') text += event.data;
        },
      },
    );
    await waitUntil(() => live, 'live', 15_000);
    await channel.input({ data: 'echo client-$((5*5))\r', inputSeq: 1 });
    await waitUntil(() => text.includes('client-25'), 'echo', 15_000);
    await expect(channel.resize({ cols: 0, rows: 10 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    channel.close();
  });
});
