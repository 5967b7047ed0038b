'use client';

import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@rdv/api';
import { webApiBase } from '@rdv/contract';

/** The web server's proxies (see server/trpc-proxy.ts and server/terminal-proxy.ts). */
export const TRPC_HTTP_PATH = '/api/trpc';
export const TERMINAL_WS_PATH = '/api/terminal';
/**
 * Reconnect backoff: fast at first (a daemon restart takes about a second), capped low so a
 * terminal is live again within about a second of the network coming back.
 */
const RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 1_000;
/** A socket that stops answering pings is closed and reopened (a laptop that slept, a dead NAT). */
const KEEPALIVE_INTERVAL_MS = 4_000;
const KEEPALIVE_PONG_TIMEOUT_MS = 4_000;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type RdvClient = TRPCClient<AppRouter>;
export type WsClient = ReturnType<typeof createWSClient>;

/**
 * Procedures that go over the WebSocket besides subscriptions: none. A terminal's keys, size
 * and stream have a socket of their own (lib/terminal-channel.ts).
 */
export const WS_PATHS: ReadonlySet<string> = new Set<string>();

/**
 * One tRPC client per page and host: subscriptions (live status) over the WebSocket (the same
 * router on terminal.sock), queries and mutations over batched HTTP. The browser holds
 * no token: the web server authenticates it by cookie (or Cloudflare Access) and adds the
 * daemon's. `host` (null: this machine) is one of the fleet, reached at /api/hosts/<host>/.
 */
export function createRdvClient(host: string | null = null): { client: RdvClient; ws: WsClient } {
  const base = webApiBase(host);
  const wsPath = host === null ? TERMINAL_WS_PATH : `${base}/terminal`;
  const httpPath = host === null ? TRPC_HTTP_PATH : `${base}/trpc`;
  const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${wsPath}`;
  const ws = createWSClient({
    url: wsUrl,
    retryDelayMs: (attempt) => Math.min(RETRY_BASE_MS * 2 ** attempt, RETRY_MAX_MS),
    // Open on first use, close after a minute without subscriptions.
    lazy: { enabled: true, closeMs: 60_000 },
    keepAlive: {
      enabled: true,
      intervalMs: KEEPALIVE_INTERVAL_MS,
      pongTimeoutMs: KEEPALIVE_PONG_TIMEOUT_MS,
    },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription' || WS_PATHS.has(op.path),
        true: wsLink({ client: ws }),
        false: httpBatchLink({ url: httpPath, maxURLLength: 4_000 }),
      }),
    ],
  });
  return { client, ws };
}
