/**
 * What the web app may send over terminal.sock besides subscriptions. The web server splices a
 * browser's WebSocket to that socket untouched, so its HTTP allowlist cannot see these frames:
 * the daemon keeps them to what the dashboard sends there (keys and sizes).
 */
const WEB_APP_SOCKET_CALLS: ReadonlySet<string> = new Set(['terminal.input', 'terminal.resize']);

export function webAppMayCallOverSocket(type: string, path: string): boolean {
  return type === 'subscription' || WEB_APP_SOCKET_CALLS.has(path);
}
