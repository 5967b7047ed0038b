import { connect } from 'node:net';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { upstreamHeaders } from './http-utils.ts';

/** Where the browser opens the terminal WebSocket (tRPC's wsLink). */
export const TERMINAL_PATH = '/api/terminal';
/** Relay mode: stop reading from the daemon while this much is queued for the browser. */
const RELAY_HIGH_WATER_BYTES = 1024 * 1024;
/** Largest message the relay accepts from the browser (the daemon's own limit). */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Headers of the WebSocket handshake itself, forwarded as they are. */
const HANDSHAKE_HEADERS = ['sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol'];

/**
 * Pipe mode (the default): replays the browser's upgrade request to terminal.sock with the
 * daemon credentials instead of the browser's cookies, then splices the two sockets together.
 * Frames pass through untouched (no parsing, no copies beyond the kernel's), and TCP
 * backpressure reaches the daemon, whose stream waits for the socket to drain. The daemon does
 * not negotiate permessage-deflate, so the link is uncompressed.
 */
export function pipeUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  opts: { terminalSocket: string; credentials: OutgoingHttpHeaders; onUnauthorized: () => void },
): void {
  const headers = upstreamHeaders(pickHandshake(req), {
    ...opts.credentials,
    connection: 'Upgrade',
    upgrade: 'websocket',
  });
  const lines = [`GET / HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [String(value)]) {
      if (/[\r\n]/.test(v)) continue; // never let a header value inject lines
      lines.push(`${name}: ${v}`);
    }
  }
  const upstream = connect(opts.terminalSocket);
  const fail = () => {
    upstream.destroy();
    if (!socket.destroyed) {
      socket.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    }
  };
  upstream.once('error', fail);
  upstream.once('connect', () => {
    upstream.off('error', fail);
    upstream.setNoDelay(true);
    setNoDelay(socket);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.once('data', (first: Buffer) => {
      if (first.subarray(0, 12).toString('latin1') === 'HTTP/1.1 401') opts.onUnauthorized();
    });
    upstream.pipe(socket);
    socket.pipe(upstream);
    const close = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', close).on('close', close);
    socket.on('error', close).on('close', close);
  });
}

/**
 * Relay mode (`[web] websocket_compression = true`): terminates the browser's WebSocket here,
 * with permessage-deflate, and relays each message to an uncompressed WebSocket on
 * terminal.sock. Costs a parse and a deflate per message; see bench/web.ts for the numbers.
 */
export class TerminalRelay {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: { threshold: 256 },
  });

  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    opts: { terminalSocket: string; credentials: OutgoingHttpHeaders; onUnauthorized: () => void },
  ): void {
    // The browser's subprotocol (a terminal channel, or none for tRPC) is the daemon's to answer.
    const protocols = offeredProtocols(req);
    const upstream = new WebSocket(`ws+unix://${opts.terminalSocket}:/`, protocols, {
      headers: { ...(opts.credentials as Record<string, string>) },
      perMessageDeflate: false,
      maxPayload: MAX_MESSAGE_BYTES,
    });
    upstream.once('unexpected-response', (_request, response) => {
      if (response.statusCode === 401) opts.onUnauthorized();
      socket.end(
        `HTTP/1.1 ${response.statusCode ?? 502} Upstream refused\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      );
      upstream.terminate();
    });
    upstream.once('error', () => {
      if (upstream.readyState !== WebSocket.OPEN && !socket.destroyed) {
        socket.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      }
    });
    upstream.once('open', () => {
      this.wss.handleUpgrade(req, socket, head, (browser) => relay(browser, upstream));
    });
  }
}

function relay(browser: WebSocket, upstream: WebSocket): void {
  setNoDelay((browser as unknown as { _socket: Duplex })._socket);
  // Bytes sent to the browser that ws has not yet written out (each send's callback says when):
  // above the mark, stop reading from the daemon, whose stream then waits in turn.
  let queued = 0;
  let paused = false;
  upstream.on('message', (data: RawData, isBinary: boolean) => {
    const size = byteLength(data);
    queued += size;
    browser.send(data, { binary: isBinary }, () => {
      queued -= size;
      if (paused && queued <= RELAY_HIGH_WATER_BYTES / 2) {
        paused = false;
        upstream.resume();
      }
    });
    if (!paused && queued > RELAY_HIGH_WATER_BYTES) {
      paused = true;
      upstream.pause();
    }
  });
  browser.on('message', (data: RawData, isBinary: boolean) =>
    upstream.send(data, { binary: isBinary }),
  );
  const closeBoth = (code: number, reason: Buffer) => {
    const safe = code >= 1000 && code < 5000 && code !== 1005 && code !== 1006 ? code : 1011;
    if (browser.readyState === WebSocket.OPEN) browser.close(safe, reason);
    if (upstream.readyState === WebSocket.OPEN) upstream.close(safe, reason);
  };
  upstream.on('close', closeBoth);
  browser.on('close', closeBoth);
  upstream.on('error', () => browser.terminate());
  browser.on('error', () => upstream.terminate());
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  return header ? header.split(',').map((name) => name.trim()).filter(Boolean) : [];
}

function pickHandshake(req: IncomingMessage): IncomingMessage['headers'] {
  const picked: IncomingMessage['headers'] = {};
  for (const name of HANDSHAKE_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

function setNoDelay(socket: Duplex): void {
  (socket as Duplex & { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
}
