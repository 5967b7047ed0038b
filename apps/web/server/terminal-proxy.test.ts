import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { TERMINAL_CHANNEL_PROTOCOL } from '@rdv/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { pipeUpgrade, TerminalRelay } from './terminal-proxy.ts';

/**
 * Both modes of the terminal proxy between a real WebSocket client (the browser's side) and a
 * stand-in for terminal.sock that answers subprotocols as the daemon does: the browser's
 * subprotocol reaches the daemon, the daemon's answer reaches the browser, frames pass both ways.
 */
describe('the terminal proxy', () => {
  let dir: string;
  let daemon: { server: Server; wss: WebSocketServer; seen: Array<{ protocol: string; auth?: string }> };
  let web: Server;
  let port: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdv-proxy-'));
    const server = createServer();
    const wss = new WebSocketServer({
      server,
      handleProtocols: (offered) => (offered.has(TERMINAL_CHANNEL_PROTOCOL) ? TERMINAL_CHANNEL_PROTOCOL : false),
    });
    const seen: Array<{ protocol: string; auth?: string }> = [];
    wss.on('connection', (ws, req: IncomingMessage) => {
      seen.push({ protocol: ws.protocol, auth: req.headers['x-test-credential'] as string | undefined });
      ws.on('message', (data, isBinary) => ws.send(`echo:${(data as Buffer).toString()}`, { binary: isBinary }));
    });
    await new Promise<void>((resolve) => server.listen(join(dir, 'terminal.sock'), resolve));
    daemon = { server, wss, seen };
  });
  afterEach(async () => {
    web?.closeAllConnections();
    await new Promise((resolve) => web?.close(resolve));
    for (const client of daemon.wss.clients) client.terminate();
    await new Promise((resolve) => daemon.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const serve = async (mode: 'pipe' | 'relay') => {
    const relay = new TerminalRelay();
    web = createServer();
    web.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const opts = {
        terminalSocket: join(dir, 'terminal.sock'),
        credentials: { 'x-test-credential': 'daemon-token' },
        onUnauthorized: () => undefined,
      };
      if (mode === 'pipe') pipeUpgrade(req, socket, head, opts);
      else relay.handleUpgrade(req, socket, head, opts);
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    port = (web.address() as AddressInfo).port;
  };

  const roundTrip = async (protocols: string[]) => {
    const browser = new WebSocket(`ws://127.0.0.1:${port}/api/terminal`, protocols);
    await new Promise((resolve, reject) => browser.once('open', resolve).once('error', reject));
    const answer = new Promise<string>((resolve) => browser.once('message', (data: Buffer) => resolve(data.toString())));
    browser.send('i1,\nls\r');
    const echoed = await answer;
    const negotiated = browser.protocol;
    browser.close();
    return { echoed, negotiated };
  };

  for (const mode of ['pipe', 'relay'] as const) {
    it(`${mode}: a terminal channel's subprotocol reaches the daemon with the daemon's credentials`, async () => {
      await serve(mode);
      const { echoed, negotiated } = await roundTrip([TERMINAL_CHANNEL_PROTOCOL]);
      expect(negotiated).toBe(TERMINAL_CHANNEL_PROTOCOL);
      expect(echoed).toBe('echo:i1,\nls\r');
      expect(daemon.seen).toEqual([{ protocol: TERMINAL_CHANNEL_PROTOCOL, auth: 'daemon-token' }]);
    });

    it(`${mode}: a socket that asks for no subprotocol (tRPC) gets none`, async () => {
      await serve(mode);
      const { echoed, negotiated } = await roundTrip([]);
      expect(negotiated).toBe('');
      expect(echoed).toBe('echo:i1,\nls\r');
      expect(daemon.seen).toEqual([{ protocol: '', auth: 'daemon-token' }]);
    });
  }
});
