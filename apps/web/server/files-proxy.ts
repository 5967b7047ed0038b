import {
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import {
  DAEMON_FILE_ROUTES,
  FILE_QUERY,
  WEB_FILE_ROUTES,
  type FileRouteError,
} from '@rdv/contract';
import { sendJson, single } from './http-utils.ts';

export type FileRoute = keyof typeof WEB_FILE_ROUTES;

/** `/api/files/upload` or `/api/files/download` (the path without its query), else null. */
export function webFileRouteOf(path: string): FileRoute | null {
  if (path === WEB_FILE_ROUTES.upload) return 'upload';
  if (path === WEB_FILE_ROUTES.download) return 'download';
  return null;
}

/** The query parameters each route passes on; anything else the browser adds is dropped. */
const PASSED_QUERY: Record<FileRoute, readonly string[]> = {
  upload: [FILE_QUERY.session, FILE_QUERY.name],
  download: [FILE_QUERY.session, FILE_QUERY.path],
};

/** The daemon's answer headers that describe the payload; the rest are this hop's. */
const PASSED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'retry-after',
  'x-content-type-options',
  'allow',
] as const;

/**
 * After the daemon refused an upload whose body is still arriving, the rest is read and dropped
 * (up to this much) so the browser finishes sending and reads the refusal: a browser that meets
 * a closed socket mid-upload reports a network error instead of the reason.
 */
export const DRAIN_AFTER_REFUSAL_BYTES = 64 * 1024 * 1024;
/** How long the body waits for the daemon's `100 Continue` before it is sent anyway. */
const CONTINUE_FALLBACK_MS = 3_000;

/**
 * Forwards a file route to api.sock with the daemon credentials instead of the browser's: the
 * upload's body streams through as it arrives (TCP backpressure reaches the browser; the daemon
 * enforces the size limit while it reads), the download's bytes stream back. Nothing is
 * buffered here, and the daemon decides everything (limits, names, confinement, the session's
 * owner).
 */
export function proxyFileRoute(
  route: FileRoute,
  req: IncomingMessage,
  res: ServerResponse,
  opts: { apiSocket: string; credentials: OutgoingHttpHeaders; onUnauthorized: () => void },
): void {
  const incoming = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const query = new URLSearchParams();
  for (const name of PASSED_QUERY[route]) {
    const value = incoming.get(name);
    if (value !== null) query.set(name, value);
  }
  const length = single(req.headers['content-length']);
  let answered = false;
  const upstream = request(
    {
      socketPath: opts.apiSocket,
      method: req.method,
      path: `${DAEMON_FILE_ROUTES[route]}?${query.toString()}`,
      headers: {
        host: 'localhost',
        ...(route === 'upload'
          ? {
              'content-type': 'application/octet-stream',
              // The daemon asks for the body only once it would store it: a refusal it can give
              // from the query and the length alone is answered before a byte goes on.
              expect: '100-continue',
              ...(length === undefined ? {} : { 'content-length': length }),
            }
          : {}),
        ...opts.credentials,
      },
    },
    (answer) => {
      answered = true;
      if (answer.statusCode === 401) opts.onUnauthorized();
      const headers: Record<string, string | string[]> = {};
      for (const name of PASSED_RESPONSE_HEADERS) {
        const value = answer.headers[name];
        if (value !== undefined) headers[name] = value;
      }
      if (route === 'upload' && !req.complete) {
        // Answered before the whole body arrived (a refusal): stop forwarding it, and once the
        // refusal is read, hang up on the daemon, which would otherwise wait for the rest.
        dropRestOfBody(req, res, upstream);
        answer.once('end', () => upstream.destroy());
      }
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    // Once the daemon answered, a write that fails (it stopped reading a refused body) is expected.
    if (answered) return;
    if (res.headersSent) return void res.destroy();
    const body: FileRouteError = {
      error: {
        message: `rdv-server is not reachable (${(error as NodeJS.ErrnoException).code ?? error.message})`,
        code: 'INTERNAL_SERVER_ERROR',
      },
    };
    sendJson(res, 502, body);
  });
  // The browser went away (a cancelled upload, a closed tab): the daemon drops the partial file.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  if (route === 'upload') {
    let piped = false;
    const forward = () => {
      if (piped || answered) return;
      piped = true;
      req.pipe(upstream);
    };
    upstream.once('continue', forward);
    // A daemon that does not answer Expect gets the body anyway after a while (RFC 9110 §10.1.1).
    const fallback = setTimeout(forward, CONTINUE_FALLBACK_MS);
    upstream.once('response', () => clearTimeout(fallback));
    upstream.once('close', () => clearTimeout(fallback));
  } else upstream.end();
}

function dropRestOfBody(req: IncomingMessage, res: ServerResponse, upstream: ReturnType<typeof request>): void {
  req.unpipe(upstream);
  res.setHeader('connection', 'close');
  if (Number(single(req.headers['content-length']) ?? 0) > DRAIN_AFTER_REFUSAL_BYTES) {
    res.once('finish', () => req.destroy());
    return;
  }
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_AFTER_REFUSAL_BYTES) req.destroy();
  });
  req.resume();
}
