import { createServer, type IncomingMessage, type Server } from 'node:http';
import { appRouter, createContext, type ApiServices } from '@rdv/api';
import { TERMINAL_CHANNEL_PROTOCOL } from '@rdv/contract';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DaemonLogger } from '../logger.ts';
import { answerClientError, MAX_HTTP_HEADER_BYTES } from './client-error.ts';
import { connectionId } from './connection-id.ts';
import { socketOutbound } from './socket-outbound.ts';
import { logTrpcError } from './log-trpc-error.ts';
import { serveTerminalChannel } from './terminal-channel.ts';

/** Largest single WebSocket message (a 1 MB paste must fit, with JSON framing). */
export const MAX_WS_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Keep-alive: ping idle clients this often and drop those that do not answer in time. */
export const WS_PING_MS = 30_000;
export const WS_PONG_WAIT_MS = 10_000;
/** Close code and reason sent to clients on shutdown (1001 = going away). */
export const SHUTDOWN_CLOSE_CODE = 1001;
export const SHUTDOWN_CLOSE_REASON = 'server shutting down';

export interface TerminalServer {
  server: Server;
  wss: WebSocketServer;
  /** Terminal channels (`TERMINAL_CHANNEL_PROTOCOL`): one terminal per socket, lean frames. */
  channels: WebSocketServer;
  connections(): number;
  /** Closes every client with "server shutting down". */
  closeClients(): void;
}

/**
 * The same router over WebSocket, for subscriptions that stream terminal output; a socket that
 * asks for the terminal channel's subprotocol gets that instead (terminal-channel.ts).
 */
export function createTerminalServer(services: ApiServices, logger: DaemonLogger): TerminalServer {
  const server = createServer({ maxHeaderSize: MAX_HTTP_HEADER_BYTES }, (_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('terminal.sock speaks WebSocket only\n');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const channels = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WS_MESSAGE_BYTES,
    handleProtocols: (offered) => (offered.has(TERMINAL_CHANNEL_PROTOCOL) ? TERMINAL_CHANNEL_PROTOCOL : false),
  });
  server.on('upgrade', (req, socket, head) => {
    const offered = req.headers['sec-websocket-protocol'] ?? '';
    const isChannel = offered.split(',').some((name) => name.trim() === TERMINAL_CHANNEL_PROTOCOL);
    const target = isChannel ? channels : wss;
    target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
  });
  channels.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    // A frame ws refuses (bad UTF-8, past maxPayload) closes that socket (1007, 1009) and is
    // reported here: without a listener, the 'error' event would end the daemon.
    ws.on('error', (error) => logger.warn({ err: error }, 'terminal channel closed on a bad frame'));
    keepAlive(ws);
    serveTerminalChannel(ws, req, services, logger);
  });
  applyWSSHandler({
    wss,
    router: appRouter,
    createContext: ({ req, res }) =>
      createContext(services, {
        headers: req.headers,
        transport: 'ws',
        connection: connectionId(req.socket, 'ws'),
        // ws writes straight to the upgraded socket: its drain is the connection's.
        outbound: socketOutbound(req.socket, () => (res as WebSocket).bufferedAmount),
      }),
    onError: (opts) => logTrpcError(logger, opts),
    keepAlive: { enabled: true, pingMs: WS_PING_MS, pongWaitMs: WS_PONG_WAIT_MS },
  });
  wss.on('error', (error) => logger.error({ err: error }, 'websocket server error'));
  channels.on('error', (error) => logger.error({ err: error }, 'terminal channel server error'));
  server.on('clientError', answerClientError);

  return {
    server,
    wss,
    channels,
    connections: () => wss.clients.size + channels.clients.size,
    closeClients: () => {
      for (const client of [...wss.clients, ...channels.clients]) {
        client.close(SHUTDOWN_CLOSE_CODE, SHUTDOWN_CLOSE_REASON);
      }
    },
  };
}

/** Pings an idle channel as tRPC's keep-alive does, and drops one that stops answering. */
function keepAlive(ws: WebSocket): void {
  let answered = true;
  ws.on('pong', () => (answered = true));
  const timer = setInterval(() => {
    if (!answered) return void ws.terminate();
    answered = false;
    ws.ping();
  }, WS_PING_MS + WS_PONG_WAIT_MS);
  timer.unref();
  ws.on('close', () => clearInterval(timer));
}
