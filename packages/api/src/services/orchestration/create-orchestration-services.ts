import type { PrismaClient } from '@rdv/db';
import type { Tmux } from '@rdv/terminal';
import type { ApiLogger } from '../../types.ts';
import { AgentStatusService } from './agent-status/agent-status-service.ts';
import type { BackgroundTask } from '../background-task.ts';
import { SafeInjector } from './injection/safe-injector.ts';
import { AnswerService } from './answers/answer-service.ts';
import { InsightService } from './insight-service.ts';
import { DEFAULT_MONITOR_INTERVAL_MS, MonitoringService } from './monitoring/monitoring-service.ts';
import { OrchestratorService } from './orchestrator-service.ts';
import type { SessionService } from '../sessions/session-service.ts';

/** `[monitoring]` in config.toml. */
export interface MonitoringConfig {
  /** How often the monitor wakes. @default 30 s */
  intervalMs?: number;
  /** Default stall threshold of new orchestrators. @default 300 */
  stallThresholdSeconds?: number;
  /** Screen captures at once. @default 4 */
  maxConcurrentCaptures?: number;
}

export const DEFAULT_STALL_THRESHOLD_SECONDS = 300;

export interface OrchestrationServices {
  agentStatus: AgentStatusService;
  insights: InsightService;
  injector: SafeInjector;
  orchestrators: OrchestratorService;
  monitoring: MonitoringService;
  answers: AnswerService;
}

/** Agent status, insights, safe injection, orchestrators and the monitor, wired together. */
export function createOrchestrationServices(deps: {
  db: PrismaClient;
  tmux: Pick<Tmux, 'captureForReplay' | 'run'>;
  sessions: Pick<SessionService, 'get' | 'exec'>;
  logger: ApiLogger;
  monitoring?: MonitoringConfig;
  now?: () => Date;
}): { services: OrchestrationServices; backgroundTasks: BackgroundTask[] } {
  const now = deps.now ?? (() => new Date());
  const intervalMs = deps.monitoring?.intervalMs ?? DEFAULT_MONITOR_INTERVAL_MS;
  const agentStatus = new AgentStatusService(deps.db, now);
  const insights = new InsightService(deps.db, now);
  const injector = new SafeInjector(deps.db, deps.sessions, deps.logger, now);
  const orchestrators = new OrchestratorService(deps.db, insights, injector, {
    intervalSeconds: Math.max(1, Math.round(intervalMs / 1000)),
    stallThresholdSeconds:
      deps.monitoring?.stallThresholdSeconds ?? DEFAULT_STALL_THRESHOLD_SECONDS,
  });
  const monitoring = new MonitoringService({
    db: deps.db,
    tmux: deps.tmux,
    agentStatus,
    insights,
    injector,
    logger: deps.logger,
    now,
    settings: { intervalMs, maxConcurrentCaptures: deps.monitoring?.maxConcurrentCaptures },
  });
  const answers = new AnswerService({
    db: deps.db,
    tmux: deps.tmux,
    injector,
    noteInput: (sessionId) => monitoring.noteInput(sessionId),
  });
  return {
    services: { agentStatus, insights, injector, orchestrators, monitoring, answers },
    backgroundTasks: [monitoring.task],
  };
}
