// callLink on a real HTTP server over a unix socket, with a router that has the daemon's
// procedure names: a call goes out at once as a batch of one (no timer: it is answered while
// timers are faked and never advanced), calls made together go side by side, an absent input
// reaches a mutation as absent, errors are TRPCClientErrors, and `health` reaches tRPC's
// procedure, clear of the daemon's plain `GET /health` route.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppRouter } from '@rdv/api';
import { createTRPCClient, TRPCClientError, type TRPCClient } from '@trpc/client';
import { initTRPC, TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { callLink } from './call-link.ts';
import { createUnixFetch } from './unix-fetch.ts';

const t = initTRPC.create();
const router = t.router({
  health: t.procedure.query(() => ({ status: 'healthy' })),
  sessions: t.router({
    list: t.procedure.input((v) => v as { limit?: number } | undefined).query(({ input }) => [{ id: 's1', limit: input?.limit }]),
    update: t.procedure.input((v) => v as { id: string; name: string }).mutation(({ input }) => input),
    get: t.procedure.input((v) => v as { id: string }).query(({ input }) => {
      throw new TRPCError({ code: 'NOT_FOUND', message: `session ${input.id} not found` });
    }),
  }),
  orphans: t.router({ killAll: t.procedure.mutation(() => 'done') }),
  server: t.router({
    // Like the daemon's rotateServiceToken: an optional input, which must arrive as absent.
    rotateServiceToken: t.procedure
      .input((v: unknown) => {
        if (v !== undefined && (typeof v !== 'object' || v === null)) throw new Error(`not an object: ${typeof v}`);
        return v;
      })
      .mutation(({ input }) => input ?? 'no input'),
  }),
});

/** Saved before any test fakes timers: the deadline below must be a real one. */
const realSetTimeout = globalThis.setTimeout;
const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([promise, new Promise<'timed out'>((resolve) => realSetTimeout(() => resolve('timed out'), ms))]);

describe('callLink', () => {
  let dir: string;
  let server: Server;
  let client: TRPCClient<AppRouter>;
  let close: () => void;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdv-link-'));
    const trpc = createHTTPHandler({ router });
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${String(req.headers['x-test'])}`);
      // The daemon's plain health route (apps/daemon/src/servers/api-server.ts).
      if (req.method === 'GET' && req.url === '/health') return res.end('{"plain":true}');
      void trpc(req, res);
    });
    await new Promise<void>((resolve) => server.listen(join(dir, 'api.sock'), resolve));
    const unix = createUnixFetch(join(dir, 'api.sock'));
    // The test router stands in for the daemon's: only the paths used here exist on it.
    client = createTRPCClient<AppRouter>({ links: [callLink({ fetch: unix.fetch, headers: { 'x-test': 'yes' } })] });
    close = () => void unix.close();
  });
  afterEach(() => {
    vi.useRealTimers();
    requests.length = 0;
  });
  afterAll(async () => {
    close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a query and a mutation at once, one request each, with the headers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate'] });
    const listed = await within(2_000, client.sessions.list.query({ limit: 3 }));
    expect(listed).toEqual([{ id: 's1', limit: 3 }]);
    const renamed = await within(2_000, client.sessions.update.mutate({ id: 's1', name: 'n' }));
    expect(renamed).toEqual({ id: 's1', name: 'n' });
    expect(requests).toEqual([
      `GET /sessions.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { limit: 3 } }))} yes`,
      'POST /sessions.update?batch=1 yes',
    ]);
  });

  it("gives tRPC's errors as TRPCClientError, with their code, and a mutation without input", async () => {
    const error = await client.sessions.get.query({ id: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(error).toMatchObject({ message: 'session nope not found', data: { code: 'NOT_FOUND', httpStatus: 404 } });
    const killed = await (client as unknown as { orphans: { killAll: { mutate(): Promise<string> } } }).orphans.killAll.mutate();
    expect(killed).toBe('done');
    expect(requests.at(-1)).toBe('POST /orphans.killAll?batch=1 yes');
    const rotate = (client as unknown as { server: { rotateServiceToken: { mutate(input?: object): Promise<unknown> } } }).server
      .rotateServiceToken;
    expect(await rotate.mutate()).toBe('no input');
    expect(await rotate.mutate({ graceSeconds: 5 })).toEqual({ graceSeconds: 5 });
    // A socket nobody listens on: the network error is a TRPCClientError too.
    const nowhere = createUnixFetch(join(dir, 'missing.sock'));
    const offline = createTRPCClient<AppRouter>({ links: [callLink({ fetch: nowhere.fetch, headers: {} })] });
    await expect(offline.sessions.list.query({})).rejects.toBeInstanceOf(TRPCClientError);
    nowhere.close();
  });

  it('sends calls made together side by side', async () => {
    const answers = await Promise.all([client.sessions.list.query({ limit: 1 }), client.sessions.list.query({ limit: 2 })]);
    expect(answers.map((rows) => (rows[0] as unknown as { limit: number }).limit)).toEqual([1, 2]);
    expect(requests.sort()).toEqual([
      `GET /sessions.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { limit: 1 } }))} yes`,
      `GET /sessions.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { limit: 2 } }))} yes`,
    ]);
  });

  it("reaches tRPC's health procedure, not the plain health route", async () => {
    expect(await client.health.query()).toEqual({ status: 'healthy' });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^GET \/health\?batch=1/);
  });
});
