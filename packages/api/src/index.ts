import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.ts';

export { appRouter, type AppRouter } from './root.ts';
export { createCallerFactory } from './trpc.ts';
export { createContext, type ApiServices, type Context, type HealthReporter, type RequestInfo } from './context.ts';
export { AuthService, SERVICE_TOKEN_HEADER, USER_ID_HEADER, type ServiceTokenSource } from './services/auth-service.ts';
export { TokenService } from './services/token-service.ts';
export { createApiServices, type ApiConfig, type ServiceDeps } from './services/create-services.ts';
export * from './auth/tokens.ts';
export type { Caller, AuthResult, AuthFailureReason, TokenKind } from './auth/caller.ts';
export type { HealthStatus } from './schemas/health.ts';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { BackgroundTask } from './services/background-task.ts';
export { FolderService, type FolderContext, type FolderSummary } from './services/folder-service.ts';
export { PreferenceService } from './services/preference-service.ts';
export type {
  PreferenceKey,
  PreferenceSource,
  PreferenceValues,
  ResolvedPreferences,
  StoredPreferences,
} from './services/preference-resolve.ts';
export { WorktreeService, type WorktreeCreated, type WorktreeSummary } from './services/worktree-service.ts';
export type { WorktreeStatus } from './services/worktree-git.ts';
export { TrashService } from './services/trash-service.ts';
export type { TrashItemSummary } from './services/trash-metadata.ts';
export { cleanupTrash, type CleanupReport } from './services/trash-cleanup.ts';
export type { TrashSettings, WorktreeSettings, WorkspaceServices } from './services/create-workspace-services.ts';
