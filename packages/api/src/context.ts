import type { IncomingHttpHeaders } from 'node:http';
import type { PrismaClient } from '@rdv/db';
import type { AuthService } from './services/security/auth-service.ts';
import type { TokenService } from './services/security/token-service.ts';
import type { SessionService } from './services/sessions/session-service.ts';
import type { Outbound, TerminalHubs } from '@rdv/terminal';
import type { HealthStatus } from './schemas/health.ts';
import type { BackgroundTask } from './services/background-task.ts';
import type { ApiConfig } from './services/create-services.ts';
import type { WorkspaceServices } from './services/workspace/create-workspace-services.ts';
import type { OrchestrationServices } from './services/orchestration/create-orchestration-services.ts';
import type { AccessGuard } from './services/security/access-guard.ts';
import type { AuditService } from './services/security/audit-service.ts';
import type { ServiceTokenRotation } from './services/security/service-token-rotation.ts';
import type { RecordingService } from './services/sessions/recording/recording-service.ts';

/** Where a call came from: the adapter fills this in; tests may leave headers empty. */
export interface RequestInfo {
  headers: IncomingHttpHeaders;
  transport: 'http' | 'ws' | 'internal';
  /**
   * The connection the call came on (`http:12`, `ws:3`), set by the daemon: keys the failed-
   * authentication backoff of local clients, which have no address. Absent for in-process calls.
   */
  connection?: string;
  /** The client's connection (queued bytes, drain events): lets streams apply backpressure. */
  outbound?: Outbound;
}

/** Reports the daemon's health; implemented by the daemon, which owns the measurements. */
export interface HealthReporter {
  current(): HealthStatus;
  /**
   * Live sessions vanished from tmux (killed behind rdv's back, or the tmux server died): health
   * says so until a tmux server runs again.
   */
  noteLostSessions?(count: number): void;
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
export interface ApiServices extends WorkspaceServices, OrchestrationServices {
  db: PrismaClient;
  auth: AuthService;
  tokens: TokenService;
  sessions: SessionService;
  hubs: TerminalHubs;
  /** Authentication backoff, rate limits and subscription caps in front of every procedure. */
  guard: AccessGuard;
  audit: AuditService;
  /** Service token rotation, and who the local user is. */
  rotation: ServiceTokenRotation;
  recordings: RecordingService;
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
