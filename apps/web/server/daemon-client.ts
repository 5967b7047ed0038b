import { request, type OutgoingHttpHeaders } from 'node:http';

/** `GET /health` on api.sock: true when the daemon answers. */
export async function daemonIsHealthy(apiSocket: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await send(apiSocket, { method: 'GET', path: '/health', headers: {}, timeoutMs });
    return res.status === 200;
  } catch {
    return false;
  }
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
