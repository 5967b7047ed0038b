import { BadInputError, NotFoundError } from '../../errors.ts';
import type { Prisma, PrismaClient } from '@rdv/db';
import type { z } from 'zod';
import type {
  orchestratorCreateInput,
  orchestratorInjectInput,
  orchestratorUpdateInput,
} from '../../schemas/orchestrators.ts';
import { loadFolderTree } from '../workspace/folders/folder-tree.ts';
import { findDestructivePattern, refusalReason } from '@rdv/policy/exec-guard';
import type { InjectionActor, InjectionResult, SafeInjector } from './injection/safe-injector.ts';
import type { InsightCounts, InsightService } from './insight-service.ts';
import { scopeMatcher } from './orchestrator-scope.ts';

export const orchestratorSelect = {
  id: true,
  name: true,
  folderId: true,
  intervalSeconds: true,
  stallThresholdSeconds: true,
  autoIntervention: true,
  nudgeText: true,
  instructions: true,
  paused: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.OrchestratorSelect;

export type OrchestratorView = Prisma.OrchestratorGetPayload<{ select: typeof orchestratorSelect }>;

/** A session as an orchestrator's status shows it. */
export const scopedSessionSelect = {
  id: true,
  name: true,
  kind: true,
  status: true,
  folderId: true,
  agentStatus: true,
  agentStatusAt: true,
  lastActivityAt: true,
} satisfies Prisma.SessionSelect;

export type ScopedSession = Prisma.SessionGetPayload<{ select: typeof scopedSessionSelect }>;

export interface OrchestratorDetail extends OrchestratorView {
  /** Live sessions in scope, with their agent status. */
  sessions: ScopedSession[];
  insights: InsightCounts;
}

/** Defaults for new orchestrators, from `[monitoring]` in config.toml. */
export interface OrchestratorDefaults {
  intervalSeconds: number;
  stallThresholdSeconds: number;
}

/**
 * Orchestrators watch a folder's (or all of a user's) sessions: the monitor reads their settings,
 * and `inject` types into sessions in scope through the SafeInjector. Scoped to the caller: a
 * foreign id is NOT_FOUND, like a missing one.
 */
export class OrchestratorService {
  constructor(
    private readonly db: PrismaClient,
    private readonly insights: Pick<InsightService, 'list'>,
    private readonly injector: Pick<SafeInjector, 'inject'>,
    private readonly defaults: OrchestratorDefaults,
  ) {}

  async list(userId: string): Promise<Array<OrchestratorView & { openInsights: number }>> {
    const [rows, counts] = await Promise.all([
      this.db.orchestrator.findMany({
        where: { userId },
        select: orchestratorSelect,
        orderBy: { createdAt: 'asc' },
      }),
      this.db.insight.groupBy({
        by: ['orchestratorId'],
        where: { userId, resolvedAt: null },
        _count: { _all: true },
      }),
    ]);
    const open = new Map(counts.map((c) => [c.orchestratorId, c._count._all]));
    return rows.map((row) => ({ ...row, openInsights: open.get(row.id) ?? 0 }));
  }

  async get(userId: string, id: string): Promise<OrchestratorDetail> {
    const orchestrator = await this.require(userId, id);
    const [sessions, insights] = await Promise.all([
      this.sessionsInScope(userId, orchestrator),
      this.insights.list(userId, { orchestratorId: id, state: 'open', limit: 1 }),
    ]);
    return { ...orchestrator, sessions, insights: insights.counts };
  }

  async create(
    userId: string,
    input: z.output<typeof orchestratorCreateInput>,
  ): Promise<OrchestratorView> {
    if (input.folderId) await this.requireFolder(userId, input.folderId);
    const nudgeText = input.nudgeText ?? null;
    checkNudge(input.autoIntervention, nudgeText);
    return this.db.orchestrator.create({
      data: {
        userId,
        name: input.name,
        folderId: input.folderId,
        intervalSeconds: input.intervalSeconds ?? this.defaults.intervalSeconds,
        stallThresholdSeconds: input.stallThresholdSeconds ?? this.defaults.stallThresholdSeconds,
        autoIntervention: input.autoIntervention,
        nudgeText,
        instructions: input.instructions ?? null,
        paused: input.paused,
      },
      select: orchestratorSelect,
    });
  }

  async update(
    userId: string,
    input: z.output<typeof orchestratorUpdateInput>,
  ): Promise<OrchestratorView> {
    const current = await this.require(userId, input.id);
    if (input.folderId) await this.requireFolder(userId, input.folderId);
    checkNudge(
      input.autoIntervention ?? current.autoIntervention,
      input.nudgeText === undefined ? current.nudgeText : input.nudgeText,
    );
    const { id, ...patch } = input;
    const data = Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    );
    return this.db.orchestrator.update({ where: { id }, data, select: orchestratorSelect });
  }

  /** Deletes the orchestrator and its insights. */
  async delete(userId: string, id: string): Promise<{ ok: true }> {
    await this.require(userId, id);
    await this.db.orchestrator.delete({ where: { id } });
    return { ok: true };
  }

  /**
   * Types text into a session on the orchestrator's behalf. Refused (and audited) when the
   * orchestrator is paused, the session is outside its scope, or the text matches a
   * destructive pattern without `force`.
   */
  async inject(
    actor: InjectionActor,
    input: z.output<typeof orchestratorInjectInput>,
  ): Promise<InjectionResult> {
    const orchestrator = await this.require(actor.userId, input.orchestratorId);
    const session = await this.db.session.findFirst({
      where: { id: input.sessionId, userId: actor.userId },
      select: { id: true, userId: true, folderId: true },
    });
    let refusal = null;
    if (orchestrator.paused) {
      refusal = {
        kind: 'precondition' as const,
        reason: 'orchestrator_paused' as const,
        message: `orchestrator ${orchestrator.id} is paused; resume it (orchestrators.update { paused: false }) to inject`,
      };
    } else if (session && !(await this.inScope(actor.userId, orchestrator, session))) {
      refusal = {
        kind: 'forbidden' as const,
        reason: 'out_of_scope' as const,
        message: `session ${session.id} is outside orchestrator ${orchestrator.id}'s scope (folder ${orchestrator.folderId})`,
      };
    }
    return this.injector.inject({
      actor,
      action: 'orchestrators.inject',
      sessionId: input.sessionId,
      text: input.text,
      force: input.force,
      orchestratorId: orchestrator.id,
      refusal,
    });
  }

  async require(userId: string, id: string): Promise<OrchestratorView> {
    const row = await this.db.orchestrator.findFirst({
      where: { id, userId },
      select: orchestratorSelect,
    });
    if (!row) throw new NotFoundError(`orchestrator ${id} not found`);
    return row;
  }

  private async sessionsInScope(
    userId: string,
    orchestrator: OrchestratorView,
  ): Promise<ScopedSession[]> {
    const [rows, tree] = await Promise.all([
      this.db.session.findMany({
        where: { userId, status: { in: ['active', 'suspended'] } },
        select: scopedSessionSelect,
        orderBy: { createdAt: 'asc' },
      }),
      orchestrator.folderId ? loadFolderTree(this.db, userId) : new Map<string, string | null>(),
    ]);
    const matches = scopeMatcher({ userId, folderId: orchestrator.folderId }, tree);
    return rows.filter((row) => matches({ userId, folderId: row.folderId }));
  }

  private async inScope(
    userId: string,
    orchestrator: OrchestratorView,
    session: { userId: string; folderId: string | null },
  ): Promise<boolean> {
    if (orchestrator.folderId === null) return session.userId === userId;
    const tree = await loadFolderTree(this.db, userId);
    return scopeMatcher({ userId, folderId: orchestrator.folderId }, tree)(session);
  }

  private async requireFolder(userId: string, folderId: string): Promise<void> {
    const folder = await this.db.folder.findFirst({
      where: { id: folderId, userId },
      select: { id: true },
    });
    if (!folder)
      throw new NotFoundError(`folder ${folderId} not found`);
  }
}

/** Auto-intervention needs a nudge, and the nudge itself must pass the destructive-pattern check. */
function checkNudge(autoIntervention: boolean, nudgeText: string | null): void {
  if (autoIntervention && !nudgeText) {
    throw new BadInputError('autoIntervention needs a nudgeText to send');
  }
  const match = nudgeText ? findDestructivePattern(nudgeText) : null;
  if (match) {
    throw new BadInputError(`nudgeText refused: ${refusalReason(match)} (rule ${match.rule})`);
  }
}
