import type { RouterInputs, RouterOutputs } from '@rdv/api';

type Call<
  P extends keyof RouterInputs,
  Q extends keyof RouterInputs[P] & keyof RouterOutputs[P],
> = (input: RouterInputs[P][Q]) => Promise<RouterOutputs[P][Q]>;

/**
 * What the MCP server needs from rdv: one method per API call it makes. The tools and
 * resources are written once against this interface, which `opsFromTrpcClient` implements
 * over the typed tRPC client: `rdv mcp` links it to api.sock, the daemon's `/mcp` to the router
 * in its own process. Results are the JSON shapes a client receives (dates as ISO strings).
 */
export interface RdvOps {
  listSessions: Call<'sessions', 'list'>;
  createSession: Call<'sessions', 'create'>;
  getSession: Call<'sessions', 'get'>;
  closeSession: Call<'sessions', 'close'>;
  exec: Call<'sessions', 'exec'>;
  scrollback: Call<'sessions', 'scrollback'>;
  search: Call<'search', 'query'>;
  listFolders: () => Promise<RouterOutputs['folders']['list']>;
  folderContext: Call<'folders', 'context'>;
  createWorktree: Call<'worktrees', 'create'>;
  worktreeStatus: Call<'worktrees', 'status'>;
  worktreeDiff: Call<'worktrees', 'diff'>;
  worktreeStage: Call<'worktrees', 'stage'>;
  worktreeCommit: Call<'worktrees', 'commit'>;
  worktreePush: Call<'worktrees', 'push'>;
  listOrchestrators: () => Promise<RouterOutputs['orchestrators']['list']>;
  getOrchestrator: Call<'orchestrators', 'get'>;
  listInsights: (
    input: RouterInputs['orchestrators']['insights']['list'],
  ) => Promise<RouterOutputs['orchestrators']['insights']['list']>;
  resolveInsight: (
    input: RouterInputs['orchestrators']['insights']['resolve'],
  ) => Promise<RouterOutputs['orchestrators']['insights']['resolve']>;
  inject: Call<'orchestrators', 'inject'>;
  resolvePreferences: Call<'preferences', 'resolve'>;
}
