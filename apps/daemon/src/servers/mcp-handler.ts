import type { IncomingMessage, ServerResponse } from 'node:http';
import { appRouter, createCallerFactory, createContext, RateLimitedError, type ApiServices } from '@rdv/api';
import { handleMcpHttpRequest, mcpErrorBody, type RdvOps } from '@rdv/mcp';
import { TRPCError } from '@trpc/server';
import type { DaemonLogger } from '../logger.ts';
import { connectionId } from './connection-id.ts';

/** The path of the Streamable HTTP MCP endpoint on api.sock. */
export const MCP_PATH = '/mcp';

const createCaller = createCallerFactory(appRouter);
type AppCaller = ReturnType<typeof createCaller>;

/** True for `/mcp` and `/mcp?...`. */
export function isMcpRequest(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0];
  return path === MCP_PATH || path === `${MCP_PATH}/`;
}

/**
 * `POST /mcp`: MCP over Streamable HTTP (stateless, JSON responses), authenticated with the same
 * headers as tRPC. Tools run as the authenticated caller through `appRouter.createCaller`, so
 * every check the API makes (ownership, validation, injection safety) applies unchanged.
 */
export function createMcpHandler(
  services: ApiServices,
  logger: DaemonLogger,
  maxBodyBytes: number,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
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
      const caller = createCaller(createContext(services, request));
      await handleMcpHttpRequest(opsFromCaller(caller), req, res, {
        onError: (error, where) => logToolError(logger, error, where),
      });
    } catch (error) {
      logger.error({ err: error, path: MCP_PATH }, 'mcp request failed');
      if (!res.headersSent) reply(res, 500, mcpErrorBody('internal error'));
      else res.destroy();
    }
  };
}

/** RdvOps over the in-process caller. Results go through JSON so they match what a client sees. */
export function opsFromCaller(caller: AppCaller): RdvOps {
  const json = async <T>(result: Promise<unknown>): Promise<T> =>
    JSON.parse(JSON.stringify(await result)) as T;
  return {
    listSessions: (input) => json(caller.sessions.list(input)),
    createSession: (input) => json(caller.sessions.create(input)),
    getSession: (input) => json(caller.sessions.get(input)),
    closeSession: (input) => json(caller.sessions.close(input)),
    exec: (input) => json(caller.sessions.exec(input)),
    scrollback: (input) => json(caller.sessions.scrollback(input)),
    listFolders: () => json(caller.folders.list()),
    folderContext: (input) => json(caller.folders.context(input)),
    createWorktree: (input) => json(caller.worktrees.create(input)),
    worktreeStatus: (input) => json(caller.worktrees.status(input)),
    listOrchestrators: () => json(caller.orchestrators.list()),
    getOrchestrator: (input) => json(caller.orchestrators.get(input)),
    listInsights: (input) => json(caller.orchestrators.insights.list(input)),
    resolveInsight: (input) => json(caller.orchestrators.insights.resolve(input)),
    inject: (input) => json(caller.orchestrators.inject(input)),
    resolvePreferences: (input) => json(caller.preferences.resolve(input)),
  };
}

/** Client mistakes quietly, server faults loudly; never the inputs. */
function logToolError(logger: DaemonLogger, error: unknown, where: string): void {
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
