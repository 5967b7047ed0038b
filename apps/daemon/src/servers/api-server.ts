import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { appRouter, createContext, RateLimitedError, type ApiServices } from '@rdv/api';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { DaemonLogger } from '../logger.ts';
import { logTrpcError } from './log-trpc-error.ts';
import { createMcpHandler, isMcpRequest } from './mcp-handler.ts';
import { createFilesHandler, fileRouteOf } from './files-handler.ts';
import { answerClientError, MAX_HTTP_HEADER_BYTES } from './client-error.ts';
import { connectionId } from './connection-id.ts';
import { socketOutbound } from './socket-outbound.ts';

/** Largest HTTP request body accepted (big pastes go over the WebSocket instead). */
export const MAX_HTTP_BODY_BYTES = 2 * 1024 * 1024;
/** Most calls in one batched request; each is still rate limited, this bounds one request's work. */
export const MAX_BATCH_SIZE = 100;

export interface ApiServer {
  server: Server;
  /** Requests being handled now, excluding long-lived subscription streams. */
  pendingRequests(): number;
  /** Ends open subscription streams (they would otherwise hold shutdown to its timeout). */
  closeStreams(): void;
}

/**
 * tRPC over HTTP (queries, mutations, SSE subscriptions), a plain `GET /health`, MCP at `/mcp` and
 * the file routes (`/files/upload`, `/files/download`: raw bodies, not JSON).
 */
export function createApiServer(services: ApiServices, logger: DaemonLogger): ApiServer {
  let pending = 0;
  const streams = new Set<ServerResponse>();

  const trpc = createHTTPHandler({
    router: appRouter,
    maxBodySize: MAX_HTTP_BODY_BYTES,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req, res }) =>
      createContext(services, {
        headers: req.headers,
        transport: 'http',
        connection: connectionId(req.socket, 'http'),
        outbound: socketOutbound(res, () => res.writableLength),
      }),
    onError: (opts) => logTrpcError(logger, opts),
    responseMeta: ({ errors }) => retryAfterHeader(errors),
  });

  const mcp = createMcpHandler(services, logger, MAX_HTTP_BODY_BYTES);
  const files = createFilesHandler(services, logger);

  const server = createServer({ maxHeaderSize: MAX_HTTP_HEADER_BYTES }, (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && (req.url === '/health' || req.url === '/health/')) {
      const body = JSON.stringify({ ...services.health.current(), hosts: services.hosts.health() });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (isMcpRequest(req.url)) {
      pending += 1;
      res.once('close', () => (pending -= 1));
      void mcp(req, res);
      return;
    }
    const fileRoute = fileRouteOf(req.url);
    if (fileRoute) {
      pending += 1;
      res.once('close', () => (pending -= 1));
      void files(fileRoute, req, res);
      return;
    }
    const isStream = req.headers.accept?.includes('text/event-stream') ?? false;
    if (isStream) {
      streams.add(res);
      res.once('close', () => streams.delete(res));
    } else {
      pending += 1;
      res.once('close', () => (pending -= 1));
    }
    void trpc(req, res);
  });

  // `Expect: 100-continue` (the CLI's and the web server's uploads): a file route decides when the
  // body may come; anything else continues at once, as Node does without this listener.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const fileRoute = fileRouteOf(req.url);
    if (!fileRoute) {
      res.writeContinue();
      server.emit('request', req, res);
      return;
    }
    pending += 1;
    res.once('close', () => (pending -= 1));
    void files(fileRoute, req, res, true);
  });
  server.on('clientError', answerClientError);

  return {
    server,
    pendingRequests: () => pending,
    closeStreams: () => {
      for (const res of streams) res.destroy();
    },
  };
}

/** A refused call tells HTTP clients when to come back, as `Retry-After` (seconds). */
function retryAfterHeader(errors: TRPCError[]): { headers?: Record<string, string> } {
  const waits = errors.flatMap((error) => (error.cause instanceof RateLimitedError ? [error.cause.retryAfterSeconds] : []));
  return waits.length ? { headers: { 'retry-after': String(Math.max(...waits)) } } : {};
}
