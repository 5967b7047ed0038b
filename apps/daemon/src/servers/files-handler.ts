import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimitedError, toTRPCError, type ApiServices, type Caller, type RequestInfo } from '@rdv/api';
import { fileDownloadQuery, fileUploadQuery } from '@rdv/api/schemas';
import { DAEMON_FILE_ROUTES, isClientError, type FileRouteError } from '@rdv/contract';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { z } from 'zod';
import type { DaemonLogger } from '../logger.ts';
import { connectionId } from './connection-id.ts';
import { attachmentDisposition } from './content-disposition.ts';

export type FileRoute = keyof typeof DAEMON_FILE_ROUTES;

/** `/files/upload` or `/files/download` (with any query), else null. */
export function fileRouteOf(url: string | undefined): FileRoute | null {
  const path = (url ?? '').split('?')[0];
  if (path === DAEMON_FILE_ROUTES.upload) return 'upload';
  if (path === DAEMON_FILE_ROUTES.download) return 'download';
  return null;
}

/** What the routes are audited as, like the procedures are (`audit.list({ action: 'files' })`). */
const ACTIONS: Record<FileRoute, string> = { upload: 'files.upload', download: 'files.download' };
const METHODS: Record<FileRoute, string> = { upload: 'POST', download: 'GET' };

/**
 * The file routes on api.sock, beside tRPC: raw bodies streamed to and from disk instead of JSON
 * (a file in a JSON body is held whole in memory, base64). They go through the same checks as a
 * procedure: the guard's authentication (failed attempts audited and backed off), the caller's
 * budget (uploads spend the expensive one), zod on the query, the session scoped to the caller
 * (someone else's is NOT_FOUND), an audit row, and errors with tRPC's codes and statuses.
 */
export function createFilesHandler(services: ApiServices, logger: DaemonLogger) {
  /**
   * `expectsContinue`: the client sent `Expect: 100-continue` and waits for `100 Continue` before
   * sending the body; it is sent once the upload passed every check that needs no byte of it, so
   * a refusal (too big, unknown session, no token) is answered before a byte was sent.
   */
  return async (route: FileRoute, req: IncomingMessage, res: ServerResponse, expectsContinue = false): Promise<void> => {
    let caller: Caller | undefined;
    let sessionId: string | undefined;
    /** Whether the body was asked for (100 Continue sent, or the client never waited for it). */
    let bodyComing = !expectsContinue;
    try {
      if (req.method !== METHODS[route]) {
        return reply(res, 405, errorBody('METHOD_NOT_SUPPORTED', `use ${METHODS[route]} on ${DAEMON_FILE_ROUTES[route]}`), {
          allow: METHODS[route],
        });
      }
      const request: RequestInfo = { headers: req.headers, transport: 'http', connection: connectionId(req.socket, 'http') };
      caller = await services.guard.authenticate(request);
      services.guard.admitAs(caller, route === 'upload' ? 'expensive' : 'default', ACTIONS[route]);
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      if (route === 'upload') {
        const input = parseQuery(fileUploadQuery, query);
        sessionId = input.session;
        const declared = req.headers['content-length'];
        const uploaded = await services.files.upload(caller.userId, input.session, input.name, {
          stream: req,
          declaredBytes: declared === undefined ? undefined : Number(declared),
          onAccepted: expectsContinue
            ? () => {
                bodyComing = true;
                res.writeContinue();
              }
            : undefined,
        });
        await audit(services, caller, route, sessionId, { ok: true, detail: { bytes: uploaded.size } });
        return reply(res, 201, JSON.stringify(uploaded));
      }
      const input = parseQuery(fileDownloadQuery, query);
      sessionId = input.session;
      const file = await services.files.openDownload(caller.userId, input.session, input.path);
      await audit(services, caller, route, sessionId, { ok: true, detail: { bytes: file.size } });
      await sendFile(res, file);
    } catch (failure) {
      const error = asTRPCError(failure);
      const status = getHTTPStatusCodeFromError(error);
      if (isClientError(error.code)) logger.info({ path: DAEMON_FILE_ROUTES[route], code: error.code, message: error.message }, 'request refused');
      else logger.error({ path: DAEMON_FILE_ROUTES[route], err: failure }, 'request failed');
      if (caller && error.code !== 'UNAUTHORIZED' && error.code !== 'TOO_MANY_REQUESTS') {
        await audit(services, caller, route, sessionId, { ok: false, error });
      }
      if (res.headersSent) return void res.destroy();
      const retry = failure instanceof RateLimitedError ? { 'retry-after': String(failure.retryAfterSeconds) } : undefined;
      // A client still waiting for 100 Continue sends no body; the rest of a body on its way is
      // read and dropped (bounded, and only an authenticated caller's), so the client reads this
      // answer rather than meeting a closed socket.
      if (route === 'upload' && !req.complete) {
        if (bodyComing) discardRest(req, res, caller ? services.files.limits.uploadMaxBytes : 0);
        else res.setHeader('connection', 'close');
      }
      reply(res, status, errorBody(error.code, error.message), retry);
    }
  };
}

/** The query as zod parses it, or BAD_REQUEST naming the field and what is wrong with it. */
function parseQuery<T extends z.ZodType>(schema: T, query: URLSearchParams): z.output<T> {
  const parsed = schema.safeParse(Object.fromEntries(query));
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
  throw new TRPCError({ code: 'BAD_REQUEST', message: why, cause: parsed.error });
}

function asTRPCError(failure: unknown): TRPCError {
  if (failure instanceof TRPCError) return failure;
  return toTRPCError(failure) ?? new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: failure });
}

/** Streams an opened file: saved, never shown (attachment, octet-stream, nosniff), not cached. */
async function sendFile(
  res: ServerResponse,
  file: Awaited<ReturnType<ApiServices['files']['openDownload']>>,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': file.size,
    'content-disposition': attachmentDisposition(file.name),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (file.size === 0) {
    await file.handle.close();
    return void res.end();
  }
  // Exactly the size announced, even if the file grows meanwhile; the stream closes the handle.
  const stream = file.handle.createReadStream({ start: 0, end: file.size - 1 });
  res.once('close', () => stream.destroy());
  stream.once('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * After refusing an upload whose body is still arriving: reads and drops the rest, so the
 * client (the web server, the CLI) finishes sending and reads the answer instead of meeting a
 * closed socket; past `budget` bytes, or when the answer is out and the client keeps sending
 * beyond it, the connection is cut.
 */
function discardRest(req: IncomingMessage, res: ServerResponse, budget: number): void {
  res.setHeader('connection', 'close');
  // Never before the answer is out: destroying the request closes the socket it goes on.
  const hangUp = () => (res.writableFinished ? req.destroy() : res.once('finish', () => req.destroy()));
  if (budget === 0 || Number(req.headers['content-length'] ?? 0) > budget) return void hangUp();
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > budget) hangUp();
  });
  req.resume();
}

async function audit(
  services: ApiServices,
  caller: Caller,
  route: FileRoute,
  sessionId: string | undefined,
  result: { ok: true; detail: Record<string, unknown> } | { ok: false; error: TRPCError },
): Promise<void> {
  await services.audit.record({
    userId: caller.userId,
    tokenId: caller.tokenId,
    tokenKind: caller.tokenKind,
    action: ACTIONS[route],
    target: sessionId ? `session:${sessionId}` : null,
    outcome: result.ok ? 'success' : isClientError(result.error.code) ? 'refused' : 'failure',
    detail: result.ok ? result.detail : { code: result.error.code, message: result.error.message.slice(0, 300) },
  });
}

function errorBody(code: string, message: string): string {
  const body: FileRouteError = { error: { code, message } };
  return JSON.stringify(body);
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}
