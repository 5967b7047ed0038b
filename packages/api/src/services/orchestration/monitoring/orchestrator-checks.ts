import type { Prisma, PrismaClient } from '@rdv/db';
import type { AgentStatus } from '../../../schemas/agent-status.ts';
import { statusSessionSelect } from '../agent-status/agent-status-service.ts';
import type { SafeInjector } from '../injection/safe-injector.ts';
import type { InsightService, InsightView } from '../insight-service.ts';
import type { OrchestratorView } from '../orchestrator-service.ts';
import {
  screenTail,
  stallMessage,
  stallSeverity,
  waitingMessage,
  waitingSeverity,
} from './insight-rules.ts';
import type { Observation } from './screen-observer.ts';

/** What one monitoring round did, for logs and tests. */
export interface TickReport {
  observed: number;
  statusChanges: number;
  orchestratorsChecked: number;
  created: number;
  updated: number;
  resolved: number;
  nudged: number;
}

export const monitoredSessionSelect = {
  ...statusSessionSelect,
  name: true,
  kind: true,
  tmuxName: true,
  agentStatusAt: true,
} satisfies Prisma.SessionSelect;

export type MonitoredSession = Prisma.SessionGetPayload<{ select: typeof monitoredSessionSelect }>;
export type MonitoredOrchestrator = OrchestratorView & { userId: string };
/** Open insights of the orchestrators being checked, by `insightKey`. */
export type OpenInsights = Map<string, InsightView & { userId: string }>;

export function insightKey(orchestratorId: string, sessionId: string, type: string): string {
  return `${orchestratorId}:${sessionId}:${type}`;
}

/**
 * A nudged stall whose session still looks busy stays open: the nudge's own echo changes the
 * screen, and taking that for "activity resumed" resolved the stall and nudged again, every
 * threshold. After a nudge only a real status change (idle, waiting, error, exited), the session
 * closing or leaving the scope ends the stall; one nudge per stall.
 */
function awaitingNudgeEffect(stall: InsightView, status: AgentStatus | null): boolean {
  return stall.data.nudgeAttemptedAt !== undefined && status === 'running';
}

/**
 * What one orchestrator concludes about the sessions in its scope: raises, updates and resolves
 * its insights, and sends its nudge once per stall. The monitor calls it with fresh observations.
 */
export class OrchestratorChecks {
  constructor(
    private readonly deps: {
      db: PrismaClient;
      insights: InsightService;
      injector: Pick<SafeInjector, 'inject'>;
      now: () => Date;
    },
  ) {}

  async checkSession(
    o: MonitoredOrchestrator,
    session: MonitoredSession,
    observation: Observation | undefined,
    open: OpenInsights,
    nowMs: number,
    report: TickReport,
  ): Promise<void> {
    if (!observation) return;
    const thresholdMs = o.stallThresholdSeconds * 1000;
    const status = session.agentStatus as AgentStatus | null;

    // A busy-looking session whose screen has not changed for the threshold: one insight per stall.
    const stall = open.get(insightKey(o.id, session.id, 'stall_detected'));
    const stalledMs = nowMs - observation.changedAtMs;
    if (status === 'running' && stalledMs >= thresholdMs) {
      const severity = stallSeverity(stalledMs, thresholdMs);
      const message = stallMessage(session.name, stalledMs, thresholdMs);
      const data = {
        stalledSince: new Date(observation.changedAtMs).toISOString(),
        stalledForSeconds: Math.floor(stalledMs / 1000),
        thresholdSeconds: o.stallThresholdSeconds,
        heuristic: observation.verdict.reason,
        screenTail: screenTail(observation.text),
      };
      let insight: InsightView | undefined = stall;
      if (!insight) {
        insight = await this.deps.insights.create({
          userId: o.userId,
          orchestratorId: o.id,
          sessionId: session.id,
          type: 'stall_detected',
          severity,
          message,
          data,
        });
        report.created += 1;
      } else if (insight.severity !== severity || insight.message !== message) {
        insight = await this.deps.insights.update(o.userId, insight, { severity, message, data });
        report.updated += 1;
      }
      if (o.autoIntervention && o.nudgeText && insight.data.nudgeAttemptedAt === undefined) {
        await this.nudge(o, session, insight);
        report.nudged += 1;
      }
    } else if (stall && !awaitingNudgeEffect(stall, status)) {
      const resumed = observation.changedAtMs > Date.parse(String(stall.data.stalledSince));
      await this.deps.insights.autoResolve(o.userId, stall, {
        reason: resumed ? 'activity resumed' : `status is now ${status ?? 'unknown'}`,
      });
      report.resolved += 1;
    }

    // Waiting for a person longer than the threshold.
    const waiting = open.get(insightKey(o.id, session.id, 'waiting_for_input'));
    const waitingMs = session.agentStatusAt ? nowMs - session.agentStatusAt.getTime() : 0;
    if (status === 'waiting' && waitingMs >= thresholdMs) {
      const severity = waitingSeverity(waitingMs, thresholdMs);
      const message = waitingMessage(session.name, waitingMs);
      const data = {
        waitingSince: session.agentStatusAt?.toISOString(),
        screenTail: screenTail(observation.text),
      };
      if (!waiting) {
        await this.deps.insights.create({
          userId: o.userId,
          orchestratorId: o.id,
          sessionId: session.id,
          type: 'waiting_for_input',
          severity,
          message,
          data,
        });
        report.created += 1;
      } else if (waiting.severity !== severity || waiting.message !== message) {
        await this.deps.insights.update(o.userId, waiting, { severity, message, data });
        report.updated += 1;
      }
    } else if (waiting) {
      await this.deps.insights.autoResolve(o.userId, waiting, {
        reason: `status is now ${status ?? 'unknown'}`,
      });
      report.resolved += 1;
    }

    // An agent that reports (or whose pane shows) an error.
    const error = open.get(insightKey(o.id, session.id, 'agent_error'));
    if (status === 'error' && !error) {
      await this.deps.insights.create({
        userId: o.userId,
        orchestratorId: o.id,
        sessionId: session.id,
        type: 'agent_error',
        severity: 'critical',
        message: `Session "${session.name}" reports an error`,
        data: {
          since: session.agentStatusAt?.toISOString(),
          screenTail: screenTail(observation.text),
        },
      });
      report.created += 1;
    } else if (status !== 'error' && error) {
      await this.deps.insights.autoResolve(o.userId, error, {
        reason: `status is now ${status ?? 'unknown'}`,
      });
      report.resolved += 1;
    }
  }

  /** Agents in scope that exited with a non-zero code since the orchestrator exists: one insight each. */
  async checkExits(
    o: MonitoredOrchestrator,
    matches: (session: { userId: string; folderId: string | null }) => boolean,
    report: TickReport,
  ): Promise<void> {
    const { db, insights } = this.deps;
    const exited = await db.session.findMany({
      where: {
        userId: o.userId,
        kind: 'agent',
        status: { in: ['exited', 'closed', 'trashed'] },
        exitCode: { not: null },
        NOT: { exitCode: 0 },
        exitedAt: { gte: o.createdAt },
      },
      select: {
        id: true,
        userId: true,
        folderId: true,
        name: true,
        exitCode: true,
        exitedAt: true,
      },
      take: 200,
    });
    const candidates = exited.filter(matches);
    if (candidates.length === 0) return;
    const reported = await db.insight.findMany({
      where: {
        orchestratorId: o.id,
        type: 'agent_exited',
        sessionId: { in: candidates.map((s) => s.id) },
      },
      select: { sessionId: true },
    });
    const done = new Set(reported.map((r) => r.sessionId));
    for (const session of candidates) {
      if (done.has(session.id)) continue;
      await insights.create({
        userId: o.userId,
        orchestratorId: o.id,
        sessionId: session.id,
        type: 'agent_exited',
        severity: 'critical',
        message: `Agent session "${session.name}" exited with code ${session.exitCode}`,
        data: { exitCode: session.exitCode, exitedAt: session.exitedAt?.toISOString() },
      });
      report.created += 1;
    }
  }

  /** Types the orchestrator's nudge once for this stall; the attempt is recorded whatever happens. */
  private async nudge(
    o: MonitoredOrchestrator,
    session: MonitoredSession,
    insight: InsightView,
  ): Promise<void> {
    const attempt: Record<string, unknown> = { nudgeAttemptedAt: this.deps.now().toISOString() };
    try {
      const result = await this.deps.injector.inject({
        actor: { userId: o.userId, tokenId: null, tokenKind: null },
        action: 'orchestrators.nudge',
        sessionId: session.id,
        text: o.nudgeText ?? '',
        orchestratorId: o.id,
      });
      Object.assign(attempt, { nudged: true, auditId: result.auditId });
    } catch (error) {
      Object.assign(attempt, { nudged: false, nudgeError: (error as Error).message.slice(0, 300) });
    }
    await this.deps.insights.update(o.userId, insight, { data: attempt });
  }
}
