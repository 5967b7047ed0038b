import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostFiles } from '@rdv/contract/home';
import { afterEach, describe, expect, it } from 'vitest';
import type { DaemonLink } from './daemon-link.ts';
import { HomeFleet, hostRouteOf } from './fleet-routes.ts';
import { HostAllowlist } from './host-allowlist.ts';
import { LocalAuth } from './local-auth.ts';
import { SessionRevocations } from './session-revocations.ts';
import { upgrade as upgradeProbe } from './upgrade-probe.test-support.ts';
import { createWebServer } from './web-server.ts';

const TOKEN = 'gpu-token-0123456789';
const SERVICE = 'home-service-token';

describe('hostRouteOf', () => {
  it('takes the host segment off and keeps the rest as this machine spells it', () => {
    expect(hostRouteOf('/api/hosts/gpu/trpc/sessions.list?input=%7B%7D')).toEqual({
      host: 'gpu',
      url: '/api/trpc/sessions.list?input=%7B%7D',
    });
    expect(hostRouteOf('/api/hosts/gpu/terminal')).toEqual({ host: 'gpu', url: '/api/terminal' });
    expect(hostRouteOf('/api/hosts/gpu/files/download?session=a&path=b')).toEqual({
      host: 'gpu',
      url: '/api/files/download?session=a&path=b',
    });
  });

  it('is null for any other URL, or one with no host segment', () => {
    for (const url of [
      '/api/trpc/sessions.list',
      '/api/hosts/',
      '/api/hosts/gpu',
      '/api/hosts//trpc/x',
      '/',
      undefined,
    ])
      expect({ url, route: hostRouteOf(url) }).toEqual({ url, route: null });
  });
});

let closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
});

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}

/** An HTTP server on a unix socket that records what reaches it and answers `answer`. */
async function unixHttp(socket: string, answer: (path: string) => unknown): Promise<Seen[]> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer(req.url ?? '')));
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return seen;
}

/**
 * A home: its daemon's api.sock answers hosts.list (gpu connected, box unreachable), gpu's
 * forwarded api.sock and terminal.sock record what reaches them, gpu's token file is 0600.
 */
async function fleetHome() {
  const home = mkdtempSync(join(tmpdir(), 'rdv-web-fleet-'));
  closers.push(async () => rmSync(home, { recursive: true, force: true }));
  const hostsDir = join(home, 'hosts');
  mkdirSync(join(hostsDir, 'sockets'), { recursive: true, mode: 0o700 });
  const gpu = hostFiles(hostsDir, 'gpu');
  writeFileSync(gpu.tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const apiSocket = join(home, 'api.sock');
  const homeSeen = await unixHttp(apiSocket, () => ({
    result: {
      data: [
        { name: 'gpu', state: 'connected', reason: null },
        {
          name: 'box',
          state: 'unreachable',
          reason: 'ssh: connect to host box port 22: Connection refused',
        },
      ],
    },
  }));
  const gpuSeen = await unixHttp(gpu.apiSocket, (path) => ({
    result: { data: `gpu answered ${path}` },
  }));
  let terminalRequest = '';
  const terminal: NetServer = createNetServer((socket) =>
    socket.once('data', (data) => {
      terminalRequest = data.toString('latin1');
      socket.destroy();
    }),
  );
  await new Promise<void>((resolve) => terminal.listen(gpu.terminalSocket, resolve));
  closers.push(() => new Promise((resolve) => terminal.close(resolve)));
  const fleet = new HomeFleet({
    hostsDir,
    apiSocket,
    credentials: () => ({ 'x-rdv-service-token': SERVICE }),
  });
  return { home, apiSocket, fleet, homeSeen, gpuSeen, terminalRequest: () => terminalRequest };
}

describe('HomeFleet', () => {
  it("finds a connected host with its sockets and token, from the home daemon's hosts.list", async () => {
    const { fleet, homeSeen } = await fleetHome();
    const found = await fleet.resolve('gpu');
    expect(found.ok && found.target.credentials).toEqual({ authorization: `Bearer ${TOKEN}` });
    expect(found.ok && found.target.apiSocket).toMatch(/hosts\/sockets\/gpu\.api\.sock$/);
    expect(homeSeen[0]?.path).toBe('/hosts.list');
    expect(homeSeen[0]?.headers['x-rdv-service-token']).toBe(SERVICE);
  });

  it('refuses a malformed name (400), an unknown host (404) and one that is not connected (502, with its state)', async () => {
    const { fleet } = await fleetHome();
    expect(await fleet.resolve('../etc')).toMatchObject({ ok: false, status: 400 });
    expect(await fleet.resolve('GPU')).toMatchObject({ ok: false, status: 400 });
    expect(await fleet.resolve('nope')).toMatchObject({
      ok: false,
      status: 404,
      message: 'no host named nope (rdv host list)',
    });
    expect(await fleet.resolve('box')).toMatchObject({
      ok: false,
      status: 502,
      message: 'host box is unreachable: ssh: connect to host box port 22: Connection refused',
    });
  });

  it("reads the home daemon's token again after it was refused", async () => {
    const home = mkdtempSync(join(tmpdir(), 'rdv-web-fleet-'));
    closers.push(async () => rmSync(home, { recursive: true, force: true }));
    const apiSocket = join(home, 'api.sock');
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"not logged in"}}');
    });
    await new Promise<void>((resolve) => server.listen(apiSocket, resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    let refused = 0;
    const fleet = new HomeFleet({
      hostsDir: join(home, 'hosts'),
      apiSocket,
      credentials: () => ({ 'x-rdv-service-token': 'OLD' }),
      onUnauthorized: () => (refused += 1),
    });
    expect(await fleet.resolve('gpu')).toMatchObject({ ok: false, status: 503 });
    expect(refused).toBe(1);
  });

  it('says the home daemon is needed when it does not answer', async () => {
    const fleet = new HomeFleet({
      hostsDir: '/nonexistent',
      apiSocket: '/nonexistent/api.sock',
      credentials: () => ({}),
    });
    expect(await fleet.resolve('gpu')).toMatchObject({ ok: false, status: 503 });
  });
});

describe('the web server routes /api/hosts/<name>/ to that host', () => {
  async function start() {
    const fleetSetup = await fleetHome();
    const auth = new LocalAuth({ secret: Buffer.alloc(32, 7) });
    const logged: string[] = [];
    let port = 0;
    const server = createWebServer({
      auth,
      daemon: {
        credentialsFor: () => ({ 'x-rdv-service-token': SERVICE }),
      } as unknown as DaemonLink,
      revocations: SessionRevocations.load(join(fleetSetup.home, 'revocations.json')),
      hosts: new HostAllowlist({ port: () => port, allowed: [] }),
      fleet: fleetSetup.fleet,
      apiSocket: fleetSetup.apiSocket,
      terminalSocket: '/nonexistent/terminal.sock',
      websocketCompression: false,
      next: async (_req, res) => void res.end('dashboard'),
      log: (line) => logged.push(line),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    port = (server.address() as AddressInfo).port;
    const cookie = auth.sessionCookie({ secure: false }).split(';')[0]!;
    const get = async (path: string, headers: Record<string, string> = { cookie }) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      return {
        status: res.status,
        body: (await res.json()) as { error?: { message: string }; result?: unknown },
      };
    };
    return { ...fleetSetup, port, cookie, get, logged };
  }

  it("forwards a dashboard procedure to the host's api.sock with its token, not the browser's cookie", async () => {
    const { get, gpuSeen, logged } = await start();
    const answer = await get('/api/hosts/gpu/trpc/sessions.list?input=%7B%7D');
    expect(answer).toEqual({
      status: 200,
      body: { result: { data: 'gpu answered /sessions.list?input=%7B%7D' } },
    });
    expect(gpuSeen).toHaveLength(1);
    expect(gpuSeen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(gpuSeen[0]!.headers.cookie).toBeUndefined();
    expect(gpuSeen[0]!.headers['x-rdv-service-token']).toBeUndefined();
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it("holds a host to the dashboard's allow-list, as this machine", async () => {
    const { get, gpuSeen } = await start();
    expect((await get('/api/hosts/gpu/trpc/tokens.create')).status).toBe(404);
    expect((await get('/api/hosts/gpu/trpc/sessions.list,users.ensure')).status).toBe(404);
    expect((await get('/api/hosts/gpu/elsewhere')).status).toBe(404);
    expect(gpuSeen).toHaveLength(0);
  });

  it('answers an unknown host 404 and a host that is down 502 naming its state; nothing is forwarded', async () => {
    const { get, gpuSeen } = await start();
    expect(await get('/api/hosts/nope/trpc/sessions.list')).toEqual({
      status: 404,
      body: { error: expect.objectContaining({ message: 'no host named nope (rdv host list)' }) },
    });
    const down = await get('/api/hosts/box/trpc/sessions.list');
    expect(down.status).toBe(502);
    expect(down.body.error?.message).toBe(
      'host box is unreachable: ssh: connect to host box port 22: Connection refused',
    );
    expect((await get('/api/hosts/Bad..Name/trpc/sessions.list')).status).toBe(400);
    expect(gpuSeen).toHaveLength(0);
  });

  it('refuses a browser that is not logged in before looking the host up', async () => {
    const { get, gpuSeen, homeSeen } = await start();
    expect((await get('/api/hosts/gpu/trpc/sessions.list', {})).status).toBe(401);
    expect(gpuSeen).toHaveLength(0);
    expect(homeSeen).toHaveLength(0);
  });

  it('forwards a download from the host the same way', async () => {
    const { get, gpuSeen } = await start();
    const answer = await get('/api/hosts/gpu/files/download?session=s1&path=out.txt&extra=dropped');
    expect(answer.status).toBe(200);
    expect(gpuSeen[0]!.path).toBe('/files/download?session=s1&path=out.txt');
    expect(gpuSeen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("opens the host's terminal WebSocket on its forwarded terminal.sock with its token", async () => {
    const { port, cookie, terminalRequest } = await start();
    const upgrade = (path: string) =>
      upgradeProbe(port, path, { origin: `http://127.0.0.1:${port}`, cookie });
    expect(await upgrade('/api/hosts/nope/terminal')).toBe(404);
    expect(await upgrade('/api/hosts/box/terminal')).toBe(502);
    expect(terminalRequest()).toBe('');
    expect(await upgrade('/api/hosts/gpu/terminal')).toBe('forwarded');
    expect(terminalRequest()).toMatch(/^GET \/ HTTP\/1\.1\r\n/);
    expect(terminalRequest()).toContain(`authorization: Bearer ${TOKEN}`);
    expect(terminalRequest()).not.toContain('cookie');
  });
});
