import WebSocket from 'ws';

/**
 * Opens the dashboard's terminal WebSocket as a non-browser client would and reports what the
 * server answered: 101 (open) or the refusal's status.
 */
export function tryWebSocket(
  baseUrl: string,
  headers: Record<string, string>,
): Promise<{ status: number }> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/terminal`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101 });
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}
