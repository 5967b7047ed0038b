import type { PrismaClient } from '@rdv/db';
import type { AuthService } from './services/security/auth-service.ts';
import type { TokenService } from './services/security/token-service.ts';
import type { ShareService } from './services/sharing/share-service.ts';
import type { SessionService } from './services/sessions/session-service.ts';
import type { TerminalHubs } from '@rdv/terminal';
import type { ApiLogger, HealthReporter, HostSessionsSource, HostsManager, RequestInfo } from './types.ts';
import type { BackgroundTask } from './services/background-task.ts';
import type { ApiConfig } from './services/api-config.ts';
import type { WorkspaceServices } from './services/workspace/create-workspace-services.ts';
import type { OrchestrationServices } from './services/orchestration/create-orchestration-services.ts';
import type { AccessGuard } from './services/security/access-guard.ts';
import type { AuditService } from './services/security/audit-service.ts';
import type { ServiceTokenRotation } from './services/security/service-token-rotation.ts';
import type { NotificationService } from './services/notifications/notification-service.ts';
import type { FileService } from './services/files/file-service.ts';
import type { RecordingService } from './services/sessions/recording/recording-service.ts';
import type { SessionWatch } from './services/sessions/session-watch.ts';
import type { AgentHookService } from './services/agents/agent-hooks.ts';
import type { ReviewService } from './services/workspace/review/review-service.ts';
import type { SearchService } from './services/search/search-service.ts';

export type { ApiLogger, HealthReporter, HostSessionList, HostSessionsSource, HostsManager, RequestInfo } from './types.ts';

/**
 * The injectable inner context: everything a procedure may use. The daemon builds it once;
 * tests build it with real services over a temp database and call `createCaller` with no HTTP.
 */
export interface ApiServices extends WorkspaceServices, OrchestrationServices {
  db: PrismaClient;
  auth: AuthService;
  tokens: TokenService;
  /** Read-only share links and their viewers. */
  shares: ShareService;
  sessions: SessionService;
  hubs: TerminalHubs;
  /** Authentication backoff, rate limits and subscription caps in front of every procedure. */
  guard: AccessGuard;
  audit: AuditService;
  /** Service token rotation, and who the local user is. */
  rotation: ServiceTokenRotation;
  recordings: RecordingService;
  /** Uploads into a session and downloads from its working directory. */
  files: FileService;
  /** Text across sessions' scrollback and recordings (search.query). */
  search: SearchService;
  notifications: NotificationService;
  /** Whether agents' hooks for rdv are installed (read-only). */
  agentHooks: AgentHookService;
  /** A worktree's diff, the ship actions and review comments back to the agent. */
  review: ReviewService;
  health: HealthReporter;
  /** The other machines of the fleet (`rdv host`). */
  hosts: HostsManager;
  /** The hosts' sessions and folders for the dashboard (`hosts.sessions`). */
  hostSessions: HostSessionsSource;
  logger: ApiLogger;
  config: ApiConfig;
  /** Keeps rows and agent status in step with tmux; hears the control channel's events. */
  sessionWatch: SessionWatch;
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
