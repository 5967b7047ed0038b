import { AgentHookService } from './agents/agent-hooks.ts';
import path from 'node:path';
import { HOME_FILES } from '@rdv/contract/home';
import type { PrismaClient } from '@rdv/db';
import type { ApiServices } from '../context.ts';
import type { ApiLogger, HealthReporter, HostSessionsSource, HostsManager } from '../types.ts';
import { NO_FLEET, NO_HOST_SESSIONS } from './no-fleet.ts';
import type { ApiConfig } from './api-config.ts';
import { AuthService } from './security/auth-service.ts';
import { TokenService } from './security/token-service.ts';
import { ShareService } from './sharing/share-service.ts';
import type { Tmux } from '@rdv/terminal';
import { SessionService } from './sessions/session-service.ts';
import { HUB_SWEEP_INTERVAL_MS, TerminalHubs, type HubOwner } from '@rdv/terminal';
import { createWorkspaceServices } from './workspace/create-workspace-services.ts';
import { createOrchestrationServices } from './orchestration/create-orchestration-services.ts';
import { ReviewService } from './workspace/review/review-service.ts';
import { RecordingService } from './sessions/recording/recording-service.ts';
import { SearchService } from './search/search-service.ts';
import { STATUS_WATCH_INTERVAL_MS } from './orchestration/monitoring/status-watch.ts';
import { NotificationService } from './notifications/notification-service.ts';
import { SessionWatch } from './sessions/session-watch.ts';
import { AccessGuard } from './security/access-guard.ts';
import { FileService } from './files/file-service.ts';
import { AuditService } from './security/audit-service.ts';
import {
  ServiceTokenRotation,
  type RotatableServiceToken,
} from './security/service-token-rotation.ts';

export type { ApiConfig } from './api-config.ts';

/** Where links in notifications point when config.toml says nothing: the default web listener. */
const DEFAULT_DASHBOARD_URL = 'http://127.0.0.1:4780';

/** The infrastructure the daemon owns and hands to the services. */
export interface ServiceDeps {
  db: PrismaClient;
  tmux: Tmux;
  serviceToken: RotatableServiceToken;
  health: HealthReporter;
  /** The daemon's fleet; in-process services (tests) have none. @default NO_FLEET */
  hosts?: HostsManager;
  /** The hosts' sessions for the dashboard, live or last known. @default none */
  hostSessions?: HostSessionsSource;
  logger: ApiLogger;
  config: ApiConfig;
  /** The clock the trash (expiry) and the monitor (stalls, status times) use; tests inject one. @default () => new Date() */
  now?: () => Date;
}

/** Wires every domain service once; the daemon calls this, tests call it over a temp database. */
export function createApiServices(deps: ServiceDeps): ApiServices {
  const auth = new AuthService(deps.db, deps.serviceToken, Date.now, deps.config.rotation?.graceMs);
  const tokens = new TokenService(deps.db, auth);
  const audit = new AuditService(deps.db, deps.logger, deps.config.audit, deps.now);
  const guard = new AccessGuard(auth, audit, deps.config.limits);
  const rotation = new ServiceTokenRotation(deps.serviceToken, audit, deps.logger, deps.config.rotation);
  // Hubs report exits to the session service, which the hubs serve: callbacks break the cycle.
  const onExit = (owner: HubOwner, code: number | null) => {
    sessions.recordExit(owner, code).catch((error: unknown) =>
      deps.logger.error({ err: error, session: owner.sessionId }, 'could not record session exit'),
    );
  };
  const hubs: TerminalHubs = new TerminalHubs({
    tmux: deps.tmux,
    resolveOwner: (userId, id): Promise<HubOwner> => sessions.liveOwner(userId, id),
    onExit,
    onUse: (id): void => orchestration.services.monitoring.noteInput(id),
    logger: deps.logger,
  });
  const workspace = createWorkspaceServices({ ...deps.config, db: deps.db, logger: deps.logger, audit, now: deps.now });
  const sessions = new SessionService(deps.db, deps.tmux, hubs, workspace.services, deps.logger);
  const recordings = new RecordingService(
    deps.db,
    hubs,
    deps.logger,
    deps.config.recordingsDir ?? path.join(deps.config.home, HOME_FILES.recordingsDir),
  );
  sessions.events.on('ended', (id) => {
    orchestration.services.monitoring.sessionEnded(id).catch((error: unknown) =>
      deps.logger.warn({ err: error, session: id }, 'could not settle the status of an ended session'),
    );
  });
  sessions.events.on('restarted', (session) => {
    orchestration.services.agentStatus.restarted(session).catch((error: unknown) =>
      deps.logger.warn({ err: error, session: session.id }, 'could not reset the status of a restarted session'),
    );
  });
  sessions.events.on('created', (id) => {
    recordings.sessionStarted(id).catch((error: unknown) =>
      deps.logger.warn({ err: error, session: id }, 'could not start recording'),
    );
  });
  const orchestration = createOrchestrationServices({
    db: deps.db,
    tmux: deps.tmux,
    sessions,
    logger: deps.logger,
    monitoring: deps.config.monitoring,
    now: deps.now,
  });
  const notifications = new NotificationService({
    db: deps.db,
    logger: deps.logger,
    settings: deps.config.notifications ?? { dashboardUrl: DEFAULT_DASHBOARD_URL },
    vapidKeysFile: deps.config.vapidKeysFile ?? path.join(deps.config.home, HOME_FILES.vapidKeysFile),
    now: deps.now ?? (() => new Date()),
  });
  const files = new FileService(sessions, {
    settings: {
      ...deps.config.files,
      uploadsDir: deps.config.files?.uploadsDir ?? path.join(deps.config.home, HOME_FILES.uploadsDir),
    },
    allowedRoots: () => workspace.services.worktrees.config.allowedRoots,
    logger: deps.logger,
    keptSessionIds: async () => {
      const rows = await deps.db.session.findMany({
        where: { status: { notIn: ['closed', 'trashed'] } },
        select: { id: true },
      });
      return new Set(rows.map((row) => row.id));
    },
  });
  notifications.follow(orchestration.services.agentStatus.events, orchestration.services.insights.events);
  // One census serves both: rows follow tmux (exits within a second) and agent status follows
  // the screens that changed. It is taken only when tmux says something changed (see
  // SessionWatch): each tmux spawn blocks the event loop ~15 ms, and idle sessions cost nothing.
  const sessionWatch = new SessionWatch({
    tmux: deps.tmux,
    reconcile: async (census) => {
      const { closed } = await sessions.reconcile(census);
      return { closed, pending: sessions.awaitingExitStatus };
    },
    watch: (census) => orchestration.services.monitoring.watch(census),
    screensWatched: () => orchestration.services.monitoring.screensWatched(),
    onLost: (closed) => deps.health.noteLostSessions?.(closed),
    intervalMs: deps.config.sessionWatchIntervalMs ?? STATUS_WATCH_INTERVAL_MS,
    logger: deps.logger,
  });
  const shares = new ShareService(
    deps.db,
    hubs,
    audit,
    () => auth.owner(),
    deps.config.notifications?.dashboardUrl ?? DEFAULT_DASHBOARD_URL,
  );
  sessions.events.on('closed', (id) => shares.sessionEnded(id));
  for (const event of ['created', 'ended', 'restarted'] as const) {
    sessions.events.on(event, () => sessionWatch.noteChange());
  }
  return {
    db: deps.db,
    auth,
    tokens,
    shares,
    sessions,
    hubs,
    guard,
    audit,
    rotation,
    recordings,
    files,
    search: new SearchService(deps.db, deps.tmux, (id) => recordings.fileOf(id)),
    notifications,
    agentHooks: new AgentHookService(),
    review: new ReviewService({
      worktrees: workspace.services.worktrees,
      injector: orchestration.services.injector,
    }),
    ...workspace.services,
    ...orchestration.services,
    health: deps.health,
    hosts: deps.hosts ?? NO_FLEET,
    hostSessions: deps.hostSessions ?? NO_HOST_SESSIONS,
    logger: deps.logger,
    config: deps.config,
    sessionWatch,
    backgroundTasks: [
      sessionWatch.task,
      { name: 'terminal-hub-sweep', intervalMs: HUB_SWEEP_INTERVAL_MS, run: async () => hubs.sweep() },
      ...workspace.backgroundTasks,
      ...orchestration.backgroundTasks,
      audit.retentionTask,
      rotation.task,
      recordings.syncTask,
      files.sweepTask,
    ],
  };
}
