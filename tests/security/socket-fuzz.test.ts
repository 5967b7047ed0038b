// Random bytes and malformed frames on both sockets, below any client library: garbage, half
// requests, oversize heads and bodies, bad WebSocket frames. Each gets a clean refusal (an HTTP
// error with a JSON body, or a WebSocket close code), and the daemon stays up with its memory
// and connection count back where they were.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHealth, rawRequest } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { rssMiB } from '../helpers/process-stats.ts';
import {
  openRaw,
  parseServerFrames,
  rawExchange,
  upgradeRequest,
  wsFrame,
} from '../helpers/raw-socket.ts';
import { waitUntil } from '@rdv/test-support';
import { GENEROUS_LIMITS } from './world.ts';
import { TERMINAL_CHANNEL_PROTOCOL } from '@rdv/contract';

const TEXT = 0x1;
const BINARY = 0x2;
const CONTINUATION = 0x0;
const PING = 0x9;

describe('malformed traffic on the sockets', () => {
  let auth: Record<string, string>;
  let rssBefore = 0;
  let cases = 0;

  const fx = useDaemon({ config: GENEROUS_LIMITS });
  beforeAll(async () => {
    auth = { authorization: `Bearer ${fx.daemon.cliToken()}` };
    rssBefore = rssMiB(fx.daemon.child.pid);
  });
  afterAll(async () => {
    console.log(`[socket-fuzz] ${cases} cases; daemon RSS ${rssBefore} -> ${rssMiB(fx.daemon?.child.pid)} MiB`);
  });

  const api = (chunks: Array<Buffer | string>, opts?: Parameters<typeof rawExchange>[2]) => {
    cases += 1;
    return rawExchange(fx.daemon.apiSocket, chunks, opts);
  };
  const term = (chunks: Array<Buffer | string>, opts?: Parameters<typeof rawExchange>[2]) => {
    cases += 1;
    return rawExchange(fx.daemon.terminalSocket, chunks, opts);
  };
  const statusOf = (received: Buffer) => Number(/^HTTP\/1\.1 (\d{3})/.exec(received.toString('latin1'))?.[1] ?? 0);
  const jsonBodyOf = (received: Buffer): any => {
    const text = received.toString('utf8');
    return JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
  };

  describe('api.sock (HTTP)', () => {
    it('answers random bytes with 400 and closes', async () => {
      for (const size of [16, 1024, 64 * 1024, 1024 * 1024]) {
        const { received, closed } = await api([randomBytes(size)]);
        expect(closed).toBe(true);
        // Node's parser may refuse before or after reading it all; either way a 400 or a close.
        if (received.length) expect([400, 431]).toContain(statusOf(received));
      }
    });

    it('answers an HTTP/2 preface, a bad method and a bad content-length with 400', async () => {
      for (const request of [
        'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
        'BREW /health HTTP/1.1\r\nHost: x\r\n\r\n',
        'POST /me.get HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
        'POST /me.get HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot chunked\r\n',
      ]) {
        const { received } = await api([request]);
        expect({ request, status: statusOf(received) }).toMatchObject({ status: 400 });
      }
    });

    it('refuses a request head over the limit with 431 and a JSON error', async () => {
      const { received } = await api([`GET /me.get?input=${'x'.repeat(200 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`]);
      expect(statusOf(received)).toBe(431);
      expect(jsonBodyOf(received).error.data.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('refuses a body over 2 MB with 413 PAYLOAD_TOO_LARGE, without reading it all', async () => {
      const body = JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) });
      const res = await rawRequest(fx.daemon.apiSocket, {
        method: 'POST',
        path: '/tokens.create',
        headers: { ...auth, 'content-type': 'application/json' },
        body,
      }).catch((error: Error) => ({ status: 0, body: null, text: error.message }));
      cases += 1;
      // The server may answer and close before the client finished sending (EPIPE): both are refusals.
      if (res.status) {
        expect(res.status).toBe(413);
        expect(res.body.error.data.code).toBe('PAYLOAD_TOO_LARGE');
      } else expect(res.text).toMatch(/EPIPE|ECONNRESET|socket hang up/);
    });

    it('answers malformed JSON, an unknown procedure and an oversize batch with clear errors', async () => {
      cases += 3;
      const bad = await rawRequest(fx.daemon.apiSocket, {
        method: 'POST',
        path: '/tokens.create',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{"name": "x", ',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.data.code).toMatch(/PARSE_ERROR|BAD_REQUEST/);
      const unknown = await rawRequest(fx.daemon.apiSocket, { method: 'GET', path: '/no.such.procedure', headers: auth });
      expect(unknown.status).toBe(404);
      const batch = await rawRequest(fx.daemon.apiSocket, {
        method: 'GET',
        path: `/${Array.from({ length: 101 }, () => 'me.get').join(',')}?batch=1&input=${encodeURIComponent('{}')}`,
        headers: auth,
      });
      expect(batch.status).toBe(400);
      expect(batch.text).toContain('Batch call exceeds maximum size');
    });

    it('survives 200 half-open connections and answers health beside them', async () => {
      cases += 1;
      const sockets: Socket[] = [];
      for (let i = 0; i < 200; i++) sockets.push(await openRaw(fx.daemon.apiSocket, 'GET /health HTTP/1.1\r\nHost:'));
      const health = await getHealth(fx.daemon.apiSocket);
      expect(health.status).toBe(200);
      for (const socket of sockets) socket.destroy();
    });
  });

  describe('terminal.sock (WebSocket)', () => {
    it('refuses non-WebSocket traffic', async () => {
      const plain = await term(['GET / HTTP/1.1\r\nHost: x\r\n\r\n']);
      expect(statusOf(plain.received)).toBe(426);
      const garbage = await term([randomBytes(4096)]);
      expect(garbage.closed).toBe(true);
      const badUpgrade = await term([upgradeRequest({ 'Sec-WebSocket-Version': '99' }).replace('Sec-WebSocket-Version: 13\r\n', '')]);
      expect(statusOf(badUpgrade.received)).toBe(400);
    });

    const protocolErrors: Array<[string, () => Buffer[], number[]]> = [
      ['random bytes after the upgrade', () => [randomBytes(2048)], [1002, 1009, 1007]],
      ['an unmasked frame', () => [wsFrame(TEXT, '{}', { masked: false })], [1002]],
      ['a reserved opcode', () => [wsFrame(0x3, 'x')], [1002]],
      ['RSV bits without an extension', () => [wsFrame(TEXT, 'x', { rsv: 0b100 })], [1002]],
      ['a frame declaring 5 MB', () => [wsFrame(BINARY, Buffer.alloc(16), { length: 5 * 1024 * 1024 })], [1009]],
      ['a message fragmented past 4 MB', () => [
        wsFrame(TEXT, Buffer.alloc(3 * 1024 * 1024, 0x61), { fin: false }),
        wsFrame(CONTINUATION, Buffer.alloc(2 * 1024 * 1024, 0x61)),
      ], [1009]],
      ['invalid UTF-8 in a text frame', () => [wsFrame(TEXT, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))], [1007]],
      ['a continuation without a start', () => [wsFrame(CONTINUATION, 'x')], [1002]],
      ['a ping over 125 bytes', () => [wsFrame(PING, Buffer.alloc(200))], [1002]],
    ];
    // tRPC's sockets, and terminal channels (their own subprotocol, their own WebSocket server).
    for (const [transport, headers] of [
      ['tRPC', {}],
      ['a terminal channel', { 'Sec-WebSocket-Protocol': TERMINAL_CHANNEL_PROTOCOL }],
    ] as const) {
      for (const [name, frames, codes] of protocolErrors) {
        it(`${transport}: closes the connection on ${name} with a close code`, async () => {
          const { received, closed } = await term([upgradeRequest(headers), ...frames()], { waitMs: 3_000, gapMs: 20 });
          const parsed = parseServerFrames(received);
          expect(parsed.status).toBe(101);
          expect(closed).toBe(true);
          expect(codes).toContain(parsed.closeCode);
        });
      }
    }

    it('answers unparseable and ill-shaped tRPC messages with errors and keeps the connection', async () => {
      const messages = [
        'not json',
        '[]',
        '{"id": {}, "method": "query", "params": {"path": "me.get"}}',
        '{"id": 1, "method": "nope", "params": {}}',
        '{"id": 2, "method": "query", "params": {"path": "__proto__"}}',
        '{"id": 3, "method": "query", "params": {"path": "me.get", "input": "\\ud800"}}',
        '{"id": 4, "method": "query", "params": {"path": "me.get"}}',
      ];
      const { received } = await term(
        [upgradeRequest(auth), ...messages.map((message) => wsFrame(TEXT, message))],
        { waitMs: 1_500, gapMs: 20 },
      );
      const parsed = parseServerFrames(received);
      expect(parsed.status).toBe(101);
      const replies = parsed.frames.filter((f) => f.opcode === TEXT).map((f) => JSON.parse(f.payload.toString()) as { id?: number; error?: any; result?: any });
      // Every message got an answer; the last, valid one a result: the connection survived the rest.
      expect(replies.filter((r) => r.error).length).toBeGreaterThanOrEqual(4);
      expect(replies.every((r) => !r.error || r.error.data?.code !== 'INTERNAL_SERVER_ERROR')).toBe(true);
      expect(replies.find((r) => r.id === 4)?.result?.data?.user?.username).toBeTruthy();
      expect(parsed.closeCode).toBeUndefined();
    });

    it('answers pings, and cuts off a ping flood (ws bounds the pongs it owes)', async () => {
      const few = await term([upgradeRequest(auth), ...Array.from({ length: 20 }, () => wsFrame(PING, 'p'))], { waitMs: 500, gapMs: 5 });
      expect(parseServerFrames(few.received).frames.filter((f) => f.opcode === 0xa)).toHaveLength(20);
      expect(few.closed).toBe(false);
      const flood = await term([upgradeRequest(auth), ...Array.from({ length: 5_000 }, () => wsFrame(PING, 'p'))], { waitMs: 1_500 });
      const pongs = parseServerFrames(flood.received).frames.filter((f) => f.opcode === 0xa).length;
      expect(pongs === 5_000 || flood.closed).toBe(true);
    });
  });

  it('is still up, with connections released and memory bounded', async () => {
    await waitUntil(async () => (await getHealth(fx.daemon.apiSocket)).body.metrics.websocket_connections === 0, 'websocket connections to close', 10_000);
    const health = await getHealth(fx.daemon.apiSocket);
    expect(health.body.status).toBe('healthy');
    expect(rssMiB(fx.daemon.child.pid)).toBeLessThan(Math.max(400, rssBefore * 2.5));
  });
});
