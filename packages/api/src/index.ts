import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.ts';

export { appRouter, type AppRouter } from './root.ts';
export { createCallerFactory } from './trpc.ts';
export { callTerminalInput } from './router/terminal-input.ts';
export { createContext, type ApiLogger, type ApiServices, type Context, type HealthReporter, type HostSessionList, type HostSessionsSource, type HostsManager, type RequestInfo } from './context.ts';
export {
  AuthService,
  DEFAULT_SERVICE_TOKEN_GRACE_MS,
  type ServiceTokenSource,
} from './services/security/auth-service.ts';
export { AccessGuard, DEFAULT_LIMITS, type LimitSettings } from './services/security/access-guard.ts';
export {
  AuditService,
  AUTH_ACTION,
  DEFAULT_AUDIT_RETENTION_DAYS,
  type AuditEntry,
  type AuditOutcome,
  type AuditSettings,
  type AuditView,
} from './services/security/audit-service.ts';
export { PROCEDURE_POLICY, policyOf, type ProcedurePolicy, type RateClass } from './services/security/procedure-policy.ts';
export { RateLimitedError } from './services/security/rate-limited-error.ts';
export {
  ServiceTokenRotation,
  DEFAULT_ROTATION_INTERVAL_MS,
  type RotatableServiceToken,
  type RotationReport,
  type RotationSettings,
} from './services/security/service-token-rotation.ts';
export { FileService, type FileLimits, type FileSettings } from './services/files/file-service.ts';
export { sanitizeUploadName } from './services/files/upload-names.ts';
export { toTRPCError } from './error-codes.ts';
export { SearchService, type SearchMatch, type SearchResult } from './services/search/search-service.ts';
export { RecordingService, type RecordingChunk, type RecordingSummary } from './services/sessions/recording/recording-service.ts';
export {
  NotificationService,
  type ChannelView,
  type DeliveryReport,
  type RemoteChangeMode,
  type RemoteNoticeSource,
} from './services/notifications/notification-service.ts';
export type { NotificationSettings } from './services/notifications/notification-settings.ts';
export { TokenService } from './services/security/token-service.ts';
export { LIVE_STATUSES, SessionService, TMUX_OWNING_STATUSES } from './services/sessions/session-service.ts';
export { createApiServices, type ApiConfig, type ServiceDeps } from './services/create-services.ts';
export * from './auth/tokens.ts';
export type { Caller, AuthResult, AuthFailureReason, TokenKind } from './auth/caller.ts';
export type { HealthStatus } from './schemas/health.ts';
export type { HostAddInput, HostHealth, HostState, HostSummary } from './schemas/hosts.ts';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { BackgroundTask } from './services/background-task.ts';
export { FolderService, type FolderContext, type FolderSummary } from './services/workspace/folders/folder-service.ts';
export { PreferenceService } from './services/workspace/preferences/preference-service.ts';
export type {
  PreferenceKey,
  PreferenceSource,
  PreferenceValues,
  ResolvedPreferences,
  StoredPreferences,
} from './services/workspace/preferences/preference-resolve.ts';
export { WorktreeService, type WorktreeCreated, type WorktreeSummary } from './services/workspace/worktrees/worktree-service.ts';
export type { WorktreeStatus } from './services/workspace/worktrees/worktree-git.ts';
export type {
  DiffAgainst,
  DiffBaseSource,
  DiffFileStatus,
  SendReviewCommentsResult,
  StagedState,
  WorktreeCommitResult,
  WorktreeDiff,
  WorktreeDiffBase,
  WorktreeDiffFile,
  WorktreeDiffLimits,
  WorktreePullRequestResult,
  WorktreePushResult,
  WorktreeStageResult,
} from './services/workspace/review/review-types.ts';
export { TrashService } from './services/workspace/trash/trash-service.ts';
export type { TrashItemSummary } from './services/workspace/trash/trash-metadata.ts';
export { cleanupTrash, type CleanupReport } from './services/workspace/trash/trash-cleanup.ts';
export type { TrashSettings, WorktreeSettings, WorkspaceServices } from './services/workspace/create-workspace-services.ts';
export {
  AgentStatusService,
  HOOK_PRECEDENCE_MS,
  type StatusChange,
  type StatusSource,
} from './services/orchestration/agent-status/agent-status-service.ts';
export { classifyScreen, type ScreenSample, type ScreenVerdict } from './services/orchestration/agent-status/screen-heuristics.ts';
export { findDestructivePattern, refusalReason, type DestructiveMatch, type DestructiveRule } from '@rdv/policy/exec-guard';
export { SafeInjector, type InjectionActor, type InjectionResult } from './services/orchestration/injection/safe-injector.ts';
export { InsightService, type InsightCounts, type InsightEvent, type InsightView } from './services/orchestration/insight-service.ts';
export { OrchestratorService, type OrchestratorDetail, type OrchestratorView } from './services/orchestration/orchestrator-service.ts';
export { MonitoringService, type TickReport } from './services/orchestration/monitoring/monitoring-service.ts';
export type { MonitoringConfig, OrchestrationServices } from './services/orchestration/create-orchestration-services.ts';
export type { AgentStatus, HookEvent } from './schemas/agent-status.ts';
export {
  BadInputError,
  ConflictError,
  DomainError,
  ForbiddenError,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionError,
  TimeoutError,
  TooManyRequestsError,
  UnauthenticatedError,
  UnavailableError,
  type DomainErrorKind,
} from './errors.ts';
