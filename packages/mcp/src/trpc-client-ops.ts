import type { AppRouter } from '@rdv/api';
import type { TRPCClient } from '@trpc/client';
import type { RdvOps } from './ops.ts';

/**
 * RdvOps over the typed tRPC client: `rdv mcp` (HTTP on api.sock, authenticated with the CLI
 * token) and the daemon's `/mcp` (tRPC's local link, as the request's caller). Only types come
 * from @rdv/api and @trpc/client: no server code runs here.
 */
export function opsFromTrpcClient(client: TRPCClient<AppRouter>): RdvOps {
  return {
    listSessions: (input) => client.sessions.list.query(input),
    createSession: (input) => client.sessions.create.mutate(input),
    getSession: (input) => client.sessions.get.query(input),
    closeSession: (input) => client.sessions.close.mutate(input),
    exec: (input) => client.sessions.exec.mutate(input),
    scrollback: (input) => client.sessions.scrollback.query(input),
    search: (input) => client.search.query.query(input),
    listFolders: () => client.folders.list.query(),
    folderContext: (input) => client.folders.context.query(input),
    createWorktree: (input) => client.worktrees.create.mutate(input),
    worktreeStatus: (input) => client.worktrees.status.query(input),
    worktreeDiff: (input) => client.worktrees.diff.query(input),
    worktreeStage: (input) => client.worktrees.stage.mutate(input),
    worktreeCommit: (input) => client.worktrees.commit.mutate(input),
    worktreePush: (input) => client.worktrees.push.mutate(input),
    listOrchestrators: () => client.orchestrators.list.query(),
    getOrchestrator: (input) => client.orchestrators.get.query(input),
    listInsights: (input) => client.orchestrators.insights.list.query(input),
    resolveInsight: (input) => client.orchestrators.insights.resolve.mutate(input),
    inject: (input) => client.orchestrators.inject.mutate(input),
    resolvePreferences: (input) => client.preferences.resolve.query(input),
  };
}
