import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { appRouter, createContext, type ApiServices } from '@rdv/api';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { DaemonLogger } from '../logger.ts';
import { logTrpcError } from './log-trpc-error.ts';

/** Largest HTTP request body accepted (big pastes go over the WebSocket instead). */
export const MAX_HTTP_BODY_BYTES = 2 * 1024 * 1024;

export interface ApiServer {
  server: Server;
  /** Requests being handled now, excluding long-lived subscription streams. */
  pendingRequests(): number;
  /** Ends open subscription streams (they would otherwise hold shutdown to its timeout). */
  closeStreams(): void;
}

/** tRPC over HTTP (queries, mutations, SSE subscriptions) plus a plain `GET /health`. */
export function createApiServer(services: ApiServices, logger: DaemonLogger): ApiServer {
  let pending = 0;
  const streams = new Set<ServerResponse>();

  const trpc = createHTTPHandler({
    router: appRouter,
    maxBodySize: MAX_HTTP_BODY_BYTES,
    createContext: ({ req, res }) =>
      createContext(services, {
        headers: req.headers,
        transport: 'http',
        outboundBytes: () => res.writableLength,
      }),
    onError: (opts) => logTrpcError(logger, opts),
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && (req.url === '/health' || req.url === '/health/')) {
      const body = JSON.stringify(services.health.current());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
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

  return {
    server,
    pendingRequests: () => pending,
    closeStreams: () => {
      for (const res of streams) res.destroy();
    },
  };
}
