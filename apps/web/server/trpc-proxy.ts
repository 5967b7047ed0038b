import {
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { dashboardMayCall } from './dashboard-procedures.ts';
import { sendJson, upstreamHeaders } from './http-utils.ts';

/** Where the browser sends tRPC calls; everything after it is the procedure path and query. */
export const TRPC_PREFIX = '/api/trpc/';
/** Procedure paths (`sessions.list`, batched `a.b,c.d`) and nothing else reach the daemon. */
const PROCEDURE_PATH = /^[A-Za-z0-9_.,]{1,2000}$/;

/** Response headers that describe this hop, not the payload. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'set-cookie',
]);

/**
 * Forwards one tRPC HTTP request (query, mutation or SSE stream) to api.sock with the daemon
 * credentials instead of the browser's, for the dashboard's own procedures only (404 for any
 * other). Bodies and responses are streamed, not buffered.
 */
export function proxyTrpc(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { apiSocket: string; credentials: OutgoingHttpHeaders; onUnauthorized: () => void },
): void {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const procedure = url.slice(TRPC_PREFIX.length, query < 0 ? undefined : query);
  if (!PROCEDURE_PATH.test(procedure) || !dashboardMayCall(procedure)) {
    sendJson(res, 404, { error: { message: 'no such procedure' } });
    return;
  }
  const upstream = request(
    {
      socketPath: opts.apiSocket,
      method: req.method,
      path: `/${procedure}${query < 0 ? '' : url.slice(query)}`,
      headers: upstreamHeaders(req.headers, opts.credentials),
    },
    (answer) => {
      if (answer.statusCode === 401) opts.onUnauthorized();
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) headers[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, headers);
      // SSE frames must not wait in Nagle's buffer.
      res.socket?.setNoDelay(true);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, 502, {
      error: {
        message: `rdv-server is not reachable (${(error as NodeJS.ErrnoException).code ?? error.message})`,
        code: -32603,
        data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 502 },
      },
    });
  });
  // The browser went away (a closed tab ends its SSE streams): end the upstream call too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
