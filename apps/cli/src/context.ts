import { readFileSync } from 'node:fs';
import type { AppRouter } from '@rdv/api';
import {
  createApiClient,
  createTerminalClient,
  defaultPaths,
  type RdvCredentials,
  type RdvPaths,
} from '@rdv/client';
import type { TRPCClient } from '@trpc/client';

/** A typed client and how to let it go. */
export interface ClientHandle {
  client: TRPCClient<AppRouter>;
  close(): Promise<void>;
}

/**
 * What every command gets: where rdv lives, the streams to talk on (injectable, so tests can
 * drive prompts), and lazily created clients authenticated with the local CLI token.
 */
export interface CliContext {
  paths: RdvPaths;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  credentials(): RdvCredentials;
  /** HTTP client on api.sock (calls and SSE subscriptions). */
  api(): ClientHandle;
  /** WebSocket client on terminal.sock (live terminals). */
  terminal(): ClientHandle;
}

/** The context for a real run: process streams, RDV_HOME, `RDV_TOKEN` or the cli-token file. */
export function createCliContext(overrides: Partial<CliContext> = {}): CliContext {
  const env = overrides.env ?? process.env;
  const paths = overrides.paths ?? defaultPaths(env);
  const credentials = (): RdvCredentials => {
    const fromEnv = env.RDV_TOKEN?.trim();
    if (fromEnv) return { kind: 'cli', token: fromEnv };
    try {
      return { kind: 'cli', token: readFileSync(paths.cliTokenFile, 'utf8').trim() };
    } catch {
      return { kind: 'none' };
    }
  };
  return {
    paths,
    env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    credentials,
    api: () => createApiClient({ socketPath: paths.apiSocket, credentials: credentials() }),
    terminal: () => createTerminalClient({ socketPath: paths.terminalSocket, credentials: credentials() }),
    ...overrides,
  };
}
