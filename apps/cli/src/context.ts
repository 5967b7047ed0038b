import type { Readable, Writable } from 'node:stream';
import type { AppRouter } from '@rdv/api';
import { authHeaders, type RdvCredentials } from '@rdv/client/credentials';
import { createUnixFetch } from '@rdv/client/unix-fetch';
import type { TerminalChannel } from '@rdv/client/terminal-channel';
import { createTRPCClient, type TRPCClient } from '@trpc/client';
import { callLink } from '@rdv/client/call-link';
import { localEndpoint, type Endpoint } from './hosts/endpoint.ts';
import { cliPaths, type CliPaths } from './paths.ts';

/** A typed client and how to let it go. */
export interface ClientHandle {
  client: TRPCClient<AppRouter>;
  close: () => Promise<void>;
}

/** stdin as the CLI uses it: a stream, and a TTY's raw mode when there is one. */
export type CliInput = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
/** stdout/stderr: a stream, and a TTY's size when there is one. */
export type CliOutput = Writable & { isTTY?: boolean; columns?: number; rows?: number };

/** Options for the WebSocket client of a live attach. */
export interface TerminalChannelOptions {
  /** The socket closed, with its close code (1001: the daemon is shutting down). */
  onClose?: (code: number) => void;
  retryDelayMs?: (attempt: number) => number;
}

/**
 * What every command gets: where rdv lives, the streams to talk on (injectable, so tests can
 * drive prompts), and lazily created clients authenticated with the local CLI token.
 */
export interface CliContext {
  paths: CliPaths;
  env: NodeJS.ProcessEnv;
  stdin: CliInput;
  stdout: CliOutput;
  stderr: CliOutput;
  /** A person at a terminal: bare `rdv` opens the menu, slow steps get spinners. */
  interactive: boolean;
  /** What `run()` returns when the command finishes without throwing (attach sets it). */
  exitCode: number;
  /** The rdv that api(), terminal() and credentials() reach: this machine's, or a host's (`--host`). */
  endpoint: Endpoint;
  credentials(): RdvCredentials;
  /** HTTP client on api.sock (queries and mutations). */
  api(): ClientHandle;
  /** One terminal's channel on terminal.sock (a live terminal); loaded on first use. */
  terminalChannel(options?: TerminalChannelOptions): Promise<TerminalChannel>;
}

/** An HTTP client on `endpoint`'s api.sock with its credentials. */
export function apiClient(endpoint: Endpoint): ClientHandle {
  const headers = authHeaders(endpoint.credentials());
  const unix = createUnixFetch(endpoint.apiSocket);
  const client = createTRPCClient<AppRouter>({
    links: [callLink({ fetch: unix.fetch, headers })],
  });
  return { client, close: async () => unix.close() };
}

/** The context for a real run: process streams, RDV_HOME, this machine's rdv (see hosts/endpoint.ts). */
export function createCliContext(overrides: Partial<CliContext> = {}): CliContext {
  const env = overrides.env ?? process.env;
  const paths = overrides.paths ?? cliPaths(env);
  const stdin = overrides.stdin ?? process.stdin;
  const stdout = overrides.stdout ?? process.stdout;
  const ctx: CliContext = {
    paths,
    env,
    stdin,
    stdout,
    stderr: process.stderr,
    interactive: Boolean(stdin.isTTY && stdout.isTTY),
    exitCode: 0,
    endpoint: localEndpoint(paths, env),
    credentials: () => ctx.endpoint.credentials(),
    api: () => apiClient(ctx.endpoint),
    terminalChannel: async (options = {}) => {
      // ws (and the rest of @rdv/client) load only when a command streams a terminal.
      const { createTerminalChannel } = await import('@rdv/client');
      return createTerminalChannel({
        socketPath: ctx.endpoint.terminalSocket,
        credentials: ctx.credentials(),
        ...options,
      });
    },
    ...overrides,
  };
  return ctx;
}
