import type { IncomingHttpHeaders } from 'node:http';
import type { PrismaClient } from '@rdv/db';
import type { AuthService } from './services/auth-service.ts';
import type { TokenService } from './services/token-service.ts';
import type { SessionService } from './services/session-service.ts';
import type { TerminalHubs } from './services/terminal-hubs.ts';
import type { HealthStatus } from './schemas/health.ts';
import type { BackgroundTask } from './services/background-task.ts';
import type { ApiConfig } from './services/create-services.ts';
import type { WorkspaceServices } from './services/create-workspace-services.ts';

/** Where a call came from: the adapter fills this in; tests may leave headers empty. */
export interface RequestInfo {
  headers: IncomingHttpHeaders;
  transport: 'http' | 'ws' | 'internal';
  /** Bytes queued on the client's socket and not yet sent; lets streams apply backpressure. */
  outboundBytes?: () => number;
}

/** Reports the daemon's health; implemented by the daemon, which owns the measurements. */
export interface HealthReporter {
  current(): HealthStatus;
}

/** Minimal structured logger, satisfied by pino. */
export interface ApiLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The injectable inner context: everything a procedure may use. The daemon builds it once;
 * tests build it with real services over a temp database and call `createCaller` with no HTTP.
 */
export interface ApiServices extends WorkspaceServices {
  db: PrismaClient;
  auth: AuthService;
  tokens: TokenService;
  sessions: SessionService;
  hubs: TerminalHubs;
  health: HealthReporter;
  logger: ApiLogger;
  config: ApiConfig;
  /** Periodic jobs the services need; the daemon runs them. */
  backgroundTasks: BackgroundTask[];
}

export interface Context extends ApiServices {
  req: RequestInfo;
}

/** Builds a per-request context from the inner services and the adapter's request. */
export function createContext(services: ApiServices, req: RequestInfo): Context {
  return { ...services, req };
}
