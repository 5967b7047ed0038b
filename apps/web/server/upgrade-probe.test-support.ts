import { request } from 'node:http';

/**
 * Sends a WebSocket upgrade to the web server on `port`: its refusal status, 101 when it answered
 * the upgrade itself, or 'forwarded' when it passed the request on (the fake daemon behind it
 * hangs up once it has the request, and the browser's side ends with it). For the tests.
 */
export function upgrade(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<number | 'forwarded'> {
  return new Promise((resolve) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
        host: `127.0.0.1:${port}`,
        ...headers,
      },
    });
    req.on('response', (res) => resolve(res.statusCode ?? 0));
    req.on('upgrade', () => resolve(101));
    req.on('error', () => resolve('forwarded'));
    req.on('socket', (socket) => socket.on('close', () => resolve('forwarded')));
    req.end();
    setTimeout(() => resolve('forwarded'), 1_000);
  });
}
