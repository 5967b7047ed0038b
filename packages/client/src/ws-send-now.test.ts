import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { sendWithoutDelay } from './ws-send-now.ts';

const t = initTRPC.create();
const router = t.router({
  echo: t.procedure.input((v) => String(v)).mutation(({ input }) => input),
});

/** Saved before any test fakes timers: the deadline below must be a real one. */
const realSetTimeout = globalThis.setTimeout;
const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([
    promise,
    new Promise<'timed out'>((resolve) => realSetTimeout(() => resolve('timed out'), ms)),
  ]);

describe('sendWithoutDelay', () => {
  let server: Server;
  let url: string;
  /** WebSocket messages the server received, over all connections. */
  let messages = 0;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    server = createServer();
    const wss = new WebSocketServer({ server });
    applyWSSHandler({ wss, router });
    wss.on('connection', (socket) => socket.on('message', () => (messages += 1)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const close of closers.splice(0)) await close();
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** An open client; `patched` decides whether it sends without the timer. */
  async function openClient(patched: boolean) {
    const ws = createWSClient({
      url,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    closers.push(() => ws.close());
    if (patched) expect(sendWithoutDelay(ws)).toBe(true);
    const client = createTRPCClient<typeof router>({ links: [wsLink({ client: ws })] });
    expect(await client.echo.mutate('warm-up')).toBe('warm-up'); // the socket is open now
    return client;
  }

  it('sends a request with no timer: it is answered while timers are frozen', async () => {
    const client = await openClient(true);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    expect(await within(2_000, client.echo.mutate('key'))).toBe('key');
  });

  it("tRPC's own client waits for a timer (what the patch removes)", async () => {
    const client = await openClient(false);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const answer = client.echo.mutate('key');
    expect(await within(300, answer)).toBe('timed out');
    vi.runOnlyPendingTimers();
    expect(await within(2_000, answer)).toBe('key');
  });

  it('still batches what is asked in the same tick into one message', async () => {
    const client = await openClient(true);
    const before = messages;
    const answers = await Promise.all(['a', 'b', 'c'].map((key) => client.echo.mutate(key)));
    expect(answers).toEqual(['a', 'b', 'c']);
    expect(messages - before).toBe(1);
  });

  it('leaves a client that is not shaped as expected alone', () => {
    const odd = { batchSend: () => () => undefined } as unknown as ReturnType<
      typeof createWSClient
    >;
    expect(sendWithoutDelay(odd)).toBe(false);
  });
});
