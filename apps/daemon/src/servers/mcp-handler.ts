import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  appRouter,
  createContext,
  RateLimitedError,
  type ApiServices,
  type AppRouter,
  type RequestInfo,
} from '@rdv/api';
import { createTRPCClient, TRPCClientError, unstable_localLink, type TRPCClient } from '@trpc/client';
import { TRPCError } from '@trpc/server';
import type * as McpModule from '@rdv/mcp';
import type { DaemonLogger } from '../logger.ts';
import { connectionId } from './connection-id.ts';

/**
 * The MCP SDK (with its JSON-schema validators and HTTP transport) is most of the daemon's code
 * and is only needed once someone calls `/mcp`: loaded then (a separate chunk of the bundle),
 * not at start-up, where it cost about a fifth of the time to the first health answer.
 */
let mcpModule: Promise<typeof McpModule> | undefined;
const loadMcp = () => (mcpModule ??= import('@rdv/mcp'));

/** The path of the Streamable HTTP MCP endpoint on api.sock. */
export const MCP_PATH = '/mcp';

/** True for `/mcp` and `/mcp?...`. */
export function isMcpRequest(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0];
  return path === MCP_PATH || path === `${MCP_PATH}/`;
}

/**
 * `POST /mcp`: MCP over Streamable HTTP (stateless, JSON responses), authenticated with the same
 * headers as tRPC. The tools are packages/mcp's, over the same typed tRPC client as `rdv mcp`,
 * linked to the router in this process as the authenticated caller: every check the API makes
 * (authentication, budgets, ownership, validation, injection safety, audit) applies unchanged.
 */
export function createMcpHandler(
  services: ApiServices,
  logger: DaemonLogger,
  maxBodyBytes: number,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const { handleMcpHttpRequest, mcpErrorBody, opsFromTrpcClient } = await loadMcp();
      if (req.method !== 'POST') {
        // Stateless: no standalone SSE stream (GET) and no session to delete (DELETE).
        return reply(
          res,
          405,
          mcpErrorBody('only POST is supported on /mcp (stateless Streamable HTTP)'),
          { allow: 'POST' },
        );
      }
      if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) {
        return reply(res, 413, mcpErrorBody(`request body larger than ${maxBodyBytes} bytes`));
      }
      const request = {
        headers: req.headers,
        transport: 'http' as const,
        connection: connectionId(req.socket, 'http'),
      };
      // The same guard as tRPC: failed logins are audited and back off, budgets apply.
      try {
        await services.guard.authenticate(request);
      } catch (error) {
        if (error instanceof RateLimitedError) {
          return reply(res, 429, mcpErrorBody(error.message), { 'retry-after': String(error.retryAfterSeconds) });
        }
        logger.info({ path: MCP_PATH }, 'mcp request refused');
        return reply(res, 401, mcpErrorBody('missing, invalid, expired or revoked token'), {
          'www-authenticate': 'Bearer realm="rdv"',
        });
      }
      await handleMcpHttpRequest(opsFromTrpcClient(inProcessClient(services, request)), req, res, {
        onError: (error, where) => logToolError(logger, error, where),
      });
    } catch (error) {
      logger.error({ err: error, path: MCP_PATH }, 'mcp request failed');
      if (res.headersSent) return void res.destroy();
      const body = await loadMcp().then(
        ({ mcpErrorBody }) => mcpErrorBody('internal error'),
        () => JSON.stringify({ error: 'internal error' }),
      );
      reply(res, 500, body);
    }
  };
}

/**
 * The typed tRPC client over the router in this process, calling as `request`'s caller: tRPC's
 * local link runs each call through the router's middleware and error formatter, and passes
 * results through JSON, so tools see exactly what a client over the socket sees.
 */
export function inProcessClient(services: ApiServices, request: RequestInfo): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [unstable_localLink({ router: appRouter, createContext: () => Promise.resolve(createContext(services, request)) })],
  });
}

/** Client mistakes quietly, server faults loudly; never the inputs. */
function logToolError(logger: DaemonLogger, failure: unknown, where: string): void {
  // The local link hands the tool a TRPCClientError whose cause is the procedure's TRPCError.
  const error = failure instanceof TRPCClientError && failure.cause instanceof TRPCError ? failure.cause : failure;
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
    logger.info({ where, code: error.code, message: error.message }, 'mcp call refused');
  } else {
    logger.error(
      { where, err: error instanceof TRPCError ? (error.cause ?? error) : error },
      'mcp call failed',
    );
  }
}

function reply(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
