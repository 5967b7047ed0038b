import { NotFoundError } from '../../errors.ts';
import type { Prisma, PrismaClient } from '@rdv/db';
import type { z } from 'zod';
import {
  INSIGHT_SEVERITIES,
  type InsightSeverity,
  type InsightType,
  type insightListInput,
} from '../../schemas/orchestrators.ts';
import { EventLog } from './event-log.ts';

export const insightSelect = {
  id: true,
  orchestratorId: true,
  sessionId: true,
  type: true,
  severity: true,
  message: true,
  data: true,
  createdAt: true,
  resolvedAt: true,
} satisfies Prisma.InsightSelect;

type InsightRow = Prisma.InsightGetPayload<{ select: typeof insightSelect }>;

/** An insight as clients see it: `data` parsed. */
export type InsightView = Omit<InsightRow, 'data'> & { data: Record<string, unknown> };

export interface InsightEvent {
  userId: string;
  kind: 'created' | 'updated' | 'resolved';
  insight: InsightView;
}

export interface InsightCounts {
  open: number;
  resolved: number;
  /** Open insights by severity. */
  bySeverity: Record<InsightSeverity, number>;
}

export interface NewInsight {
  userId: string;
  orchestratorId: string;
  sessionId: string;
  type: InsightType;
  severity: InsightSeverity;
  message: string;
  data: Record<string, unknown>;
}

/**
 * Insights: what orchestrators noticed (a stall, an agent waiting, an error). Listing and
 * resolving are scoped to the caller; creating and updating is the monitor's job. Every change
 * is published on `events`.
 */
export class InsightService {
  readonly events = new EventLog<InsightEvent>();

  constructor(
    private readonly db: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(
    userId: string,
    input: z.output<typeof insightListInput>,
  ): Promise<{ items: InsightView[]; counts: InsightCounts }> {
    const scope: Prisma.InsightWhereInput = {
      userId,
      ...(input.orchestratorId === undefined ? {} : { orchestratorId: input.orchestratorId }),
      ...(input.sessionId === undefined ? {} : { sessionId: input.sessionId }),
      ...(input.type === undefined ? {} : { type: input.type }),
    };
    const state: Prisma.InsightWhereInput =
      input.state === 'open'
        ? { resolvedAt: null }
        : input.state === 'resolved'
          ? { resolvedAt: { not: null } }
          : {};
    const [rows, open, resolved] = await Promise.all([
      this.db.insight.findMany({
        where: {
          ...scope,
          ...state,
          ...(input.severity === undefined ? {} : { severity: input.severity }),
        },
        select: insightSelect,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: input.limit,
      }),
      this.db.insight.groupBy({
        by: ['severity'],
        where: { ...scope, resolvedAt: null },
        _count: { _all: true },
      }),
      this.db.insight.count({ where: { ...scope, resolvedAt: { not: null } } }),
    ]);
    const bySeverity = Object.fromEntries(INSIGHT_SEVERITIES.map((s) => [s, 0])) as Record<
      InsightSeverity,
      number
    >;
    for (const group of open) {
      if ((INSIGHT_SEVERITIES as readonly string[]).includes(group.severity)) {
        bySeverity[group.severity as InsightSeverity] = group._count._all;
      }
    }
    return {
      items: rows.map(view),
      counts: { open: open.reduce((sum, g) => sum + g._count._all, 0), resolved, bySeverity },
    };
  }

  /** Marks one of the caller's insights resolved (idempotent). */
  async resolve(userId: string, id: string): Promise<InsightView> {
    const row = await this.db.insight.findFirst({ where: { id, userId }, select: insightSelect });
    if (!row) throw new NotFoundError(`insight ${id} not found`);
    if (row.resolvedAt) return view(row);
    return this.close(userId, row, { resolvedBy: 'user' });
  }

  /** Open insights of the monitor's types for these orchestrators, in one query. */
  async openFor(orchestratorIds: string[]): Promise<Array<InsightView & { userId: string }>> {
    if (orchestratorIds.length === 0) return [];
    const rows = await this.db.insight.findMany({
      where: { orchestratorId: { in: orchestratorIds }, resolvedAt: null },
      select: { ...insightSelect, userId: true },
    });
    return rows.map((row) => ({ ...view(row), userId: row.userId }));
  }

  async create(insight: NewInsight): Promise<InsightView> {
    const row = await this.db.insight.create({
      data: { ...insight, data: JSON.stringify(insight.data), createdAt: this.now() },
      select: insightSelect,
    });
    const created = view(row);
    this.events.publish({ userId: insight.userId, kind: 'created', insight: created });
    return created;
  }

  /** Updates an open insight in place (severity rising, duration); data keys are merged. */
  async update(
    userId: string,
    insight: InsightView,
    patch: { severity?: InsightSeverity; message?: string; data?: Record<string, unknown> },
  ): Promise<InsightView> {
    const row = await this.db.insight.update({
      where: { id: insight.id },
      data: {
        ...(patch.severity === undefined ? {} : { severity: patch.severity }),
        ...(patch.message === undefined ? {} : { message: patch.message }),
        ...(patch.data === undefined
          ? {}
          : { data: JSON.stringify({ ...insight.data, ...patch.data }) }),
      },
      select: insightSelect,
    });
    const updated = view(row);
    this.events.publish({ userId, kind: 'updated', insight: updated });
    return updated;
  }

  /** Resolves an open insight on the monitor's behalf (activity resumed, status changed). */
  autoResolve(
    userId: string,
    insight: InsightView,
    data: Record<string, unknown>,
  ): Promise<InsightView> {
    return this.close(userId, insight, { resolvedBy: 'monitor', ...data });
  }

  private async close(
    userId: string,
    insight: Pick<InsightView, 'id' | 'data'> | InsightRow,
    data: Record<string, unknown>,
  ): Promise<InsightView> {
    const previous = typeof insight.data === 'string' ? parseData(insight.data) : insight.data;
    const { count } = await this.db.insight.updateMany({
      where: { id: insight.id, resolvedAt: null },
      data: { resolvedAt: this.now(), data: JSON.stringify({ ...previous, ...data }) },
    });
    const row = await this.db.insight.findUniqueOrThrow({
      where: { id: insight.id },
      select: insightSelect,
    });
    const resolved = view(row);
    if (count) this.events.publish({ userId, kind: 'resolved', insight: resolved });
    return resolved;
  }
}

function view(row: InsightRow): InsightView {
  return { ...row, data: parseData(row.data) };
}

function parseData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
