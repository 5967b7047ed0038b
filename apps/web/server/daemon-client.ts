import { request, type OutgoingHttpHeaders } from 'node:http';

/** How long the web server waits for its own calls to the daemon (not proxied ones). */
export const DAEMON_CALL_TIMEOUT_MS = 10_000;

export class DaemonCallError extends Error {
  override name = 'DaemonCallError';
  constructor(
    message: string,
    /** HTTP status from the daemon; 0 when it could not be reached. */
    readonly status: number,
  ) {
    super(message);
  }
}

/** `GET /health` on api.sock: true when the daemon answers. */
export async function daemonIsHealthy(apiSocket: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await send(apiSocket, { method: 'GET', path: '/health', headers: {}, timeoutMs });
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * One tRPC call over api.sock in the wire format of tRPC's HTTP adapter (`GET /path?input=` for
 * queries, `POST /path` with the JSON input for mutations); returns `result.data`.
 */
export async function callDaemon<T>(
  apiSocket: string,
  call: { type: 'query' | 'mutation'; path: string; input?: unknown; headers: OutgoingHttpHeaders },
): Promise<T> {
  const query =
    call.type === 'query' && call.input !== undefined
      ? `?input=${encodeURIComponent(JSON.stringify(call.input))}`
      : '';
  let res: { status: number; text: string };
  try {
    res = await send(apiSocket, {
      method: call.type === 'query' ? 'GET' : 'POST',
      path: `/${call.path}${query}`,
      headers: { ...call.headers, 'content-type': 'application/json' },
      body: call.type === 'mutation' ? JSON.stringify(call.input ?? null) : undefined,
      timeoutMs: DAEMON_CALL_TIMEOUT_MS,
    });
  } catch (error) {
    throw new DaemonCallError(`rdv-server is not reachable: ${(error as Error).message}`, 0);
  }
  let body: { result?: { data?: T }; error?: { message?: string } } = {};
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    // not JSON: reported below
  }
  if (res.status !== 200 || !body.result) {
    throw new DaemonCallError(
      `${call.path}: ${body.error?.message ?? `HTTP ${res.status}`}`,
      res.status,
    );
  }
  return body.result.data as T;
}

function send(
  socketPath: string,
  opts: {
    method: string;
    path: string;
    headers: OutgoingHttpHeaders;
    body?: string;
    timeoutMs: number;
  },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method: opts.method,
        path: opts.path,
        headers: opts.headers,
        timeout: opts.timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(opts.body);
  });
}
