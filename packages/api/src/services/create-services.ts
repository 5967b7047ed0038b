import type { PrismaClient } from '@rdv/db';
import type { ApiLogger, ApiServices, HealthReporter } from '../context.ts';
import { AuthService, type ServiceTokenSource } from './auth-service.ts';
import { TokenService } from './token-service.ts';
import type { Tmux } from '@rdv/terminal';
import type { BackgroundTask } from './background-task.ts';
import { SessionService } from './session-service.ts';
import { TerminalHubs, type HubOwner } from './terminal-hubs.ts';
import { createWorkspaceServices, type TrashSettings, type WorktreeSettings } from './create-workspace-services.ts';

/** Settings the services need, mapped by the daemon from config.toml. */
export interface ApiConfig {
  /** RDV_HOME, absolute. */
  home: string;
  /** `[worktrees]`: allowed roots, set-up command. */
  worktrees?: WorktreeSettings;
  /** `[cleanup]`: trash folder, retention, clean-up interval. */
  trash?: TrashSettings;
  /** `[tmux] history_limit`, the default of the historyLimit preference. */
  historyLimit?: number;
  /** How often session rows are reconciled with tmux. @default 2000 */
  reconcileIntervalMs?: number;
}

export const DEFAULT_RECONCILE_INTERVAL_MS = 2_000;


/** The infrastructure the daemon owns and hands to the services. */
export interface ServiceDeps {
  db: PrismaClient;
  tmux: Tmux;
  serviceToken: ServiceTokenSource;
  health: HealthReporter;
  logger: ApiLogger;
  config: ApiConfig;
  /** The clock the trash uses (expiry); tests inject one. @default () => new Date() */
  now?: () => Date;
}

/** Wires every domain service once; the daemon calls this, tests call it over a temp database. */
export function createApiServices(deps: ServiceDeps): ApiServices {
  const auth = new AuthService(deps.db, deps.serviceToken);
  const tokens = new TokenService(deps.db, auth);
  // Hubs report exits to the session service, which the hubs serve: the callback breaks the cycle.
  const onExit = (owner: HubOwner, code: number | null) => {
    sessions.recordExit(owner, code).catch((error: unknown) =>
      deps.logger.error({ err: error, session: owner.sessionId }, 'could not record session exit'),
    );
  };
  const hubs = new TerminalHubs(deps.tmux, onExit, deps.logger);
  const workspace = createWorkspaceServices({ ...deps.config, db: deps.db, logger: deps.logger, now: deps.now });
  const sessions = new SessionService(deps.db, deps.tmux, hubs, workspace.services, deps.logger);
  const reconcile: BackgroundTask = {
    name: 'session-reconcile',
    intervalMs: deps.config.reconcileIntervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS,
    runAtStart: true,
    run: async () => void (await sessions.reconcile()),
  };
  return {
    db: deps.db,
    auth,
    tokens,
    sessions,
    hubs,
    ...workspace.services,
    health: deps.health,
    logger: deps.logger,
    config: deps.config,
    backgroundTasks: [reconcile, hubs.sweepTask, ...workspace.backgroundTasks],
  };
}
