'use client';

import { TerminalChannel, type ChannelSocket } from '@rdv/client/terminal-channel';
import { TERMINAL_CHANNEL_PROTOCOL, webApiBase } from '@rdv/contract';
import { TERMINAL_WS_PATH } from './trpc';

/** Reconnect backoff, as the page's tRPC socket: fast at first, capped low. */
const RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 1_000;
/** A socket that stops answering is closed and reopened (a laptop that slept, a dead NAT). */
const KEEPALIVE_INTERVAL_MS = 4_000;
const KEEPALIVE_PONG_TIMEOUT_MS = 4_000;

/**
 * One terminal's own WebSocket to the daemon (the terminal channel), through the web server's
 * terminal proxy, which splices it to terminal.sock with the daemon's credentials: a terminal
 * never waits behind another's output, and its frames carry the pane's bytes with no JSON.
 * `host` (null: this machine) is one of the fleet, reached at /api/hosts/<host>/terminal.
 */
export function openTerminalChannel(host: string | null): TerminalChannel {
  const path = host === null ? TERMINAL_WS_PATH : `${webApiBase(host)}/terminal`;
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
  return new TerminalChannel({
    connect: () => new WebSocket(url, TERMINAL_CHANNEL_PROTOCOL) as unknown as ChannelSocket,
    retryDelayMs: (attempt) => Math.min(RETRY_BASE_MS * 2 ** attempt, RETRY_MAX_MS),
    keepAlive: { intervalMs: KEEPALIVE_INTERVAL_MS, pongTimeoutMs: KEEPALIVE_PONG_TIMEOUT_MS },
  });
}
