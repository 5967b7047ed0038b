import type { AppRouter } from '@rdv/api';
import {
  createTRPCClient,
  createWSClient,
  httpSubscriptionLink,
  splitLink,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import { EventSource } from 'eventsource';
import { Agent, fetch as undiciFetch } from 'undici';
import WebSocket from 'ws';
import { TERMINAL_CHANNEL_PROTOCOL } from '@rdv/contract';
import { callLink } from './call-link.ts';
import { authHeaders, type RdvCredentials } from './credentials.ts';
import { TerminalChannel, type ChannelSocket } from './terminal-channel.ts';
import { sendWithoutDelay } from './ws-send-now.ts';

/** A typed client over `api.sock`: HTTP for calls (see call-link.ts), SSE for subscriptions. */
export function createApiClient(opts: { socketPath: string; credentials: RdvCredentials }): {
  client: TRPCClient<AppRouter>;
  close: () => Promise<void>;
} {
  const dispatcher = new Agent({ connect: { socketPath: opts.socketPath } });
  const headers = authHeaders(opts.credentials);
  const socketFetch = ((url: string, init?: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch;

  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: 'http://localhost',
          EventSource: EventSource as unknown as typeof globalThis.EventSource,
          // eventsource@4 accepts a custom fetch, which is how SSE reaches a unix socket.
          eventSourceOptions: () =>
            ({
              fetch: (url: string | URL, init: RequestInit) =>
                socketFetch(String(url), {
                  ...init,
                  headers: { ...(init.headers as object), ...headers },
                }),
            }) as EventSourceInit,
        }),
        false: callLink({ fetch: socketFetch, headers }),
      }),
    ],
  });
  return { client, close: () => dispatcher.close() };
}

/** A typed client over `terminal.sock` (WebSocket), for live terminal streams. */
export function createTerminalClient(opts: {
  socketPath: string;
  credentials: RdvCredentials;
  onClose?: (cause?: { code?: number }) => void;
  retryDelayMs?: (attempt: number) => number;
}): { client: TRPCClient<AppRouter>; close: () => Promise<void> } {
  const headers = authHeaders(opts.credentials);
  // Node's ws accepts headers on the upgrade request; browsers use the web proxy instead.
  class AuthenticatedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const wsClient = createWSClient({
    url: `ws+unix://${opts.socketPath}:/`,
    WebSocket: AuthenticatedWebSocket as unknown as typeof globalThis.WebSocket,
    onClose: opts.onClose,
    retryDelayMs: opts.retryDelayMs,
  });
  // Keystrokes go out on the next microtask, not after a timer.
  sendWithoutDelay(wsClient);
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  return { client, close: () => wsClient.close() };
}

/**
 * One terminal's channel on terminal.sock (`TERMINAL_CHANNEL_PROTOCOL`): its own socket, lean
 * frames; see terminal-channel.ts. `rdv attach` and the benches use it.
 */
export function createTerminalChannel(opts: {
  socketPath: string;
  credentials: RdvCredentials;
  onClose?: (code: number) => void;
  retryDelayMs?: (attempt: number) => number;
}): TerminalChannel {
  const headers = authHeaders(opts.credentials);
  return new TerminalChannel({
    connect: () => {
      const socket = new WebSocket(`ws+unix://${opts.socketPath}:/`, TERMINAL_CHANNEL_PROTOCOL, {
        headers,
        perMessageDeflate: false,
      });
      // Keystrokes are small: send each at once (Nagle does not apply to a unix socket, but a
      // forwarded one may be TCP).
      socket.once('upgrade', (response) => (response.socket as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true));
      return socket as unknown as ChannelSocket;
    },
    onClose: opts.onClose,
    retryDelayMs: opts.retryDelayMs,
  });
}
