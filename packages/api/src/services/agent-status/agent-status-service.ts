import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '@rdv/db';
import {
  statusForHookEvent,
  type AgentStatus,
  type HookEvent,
} from '../../schemas/agent-status.ts';
import { EventLog } from '../event-log.ts';

/** After a hook report, screen heuristics leave the session's status alone this long. @default 10 min */
export const HOOK_PRECEDENCE_MS = 10 * 60_000;

/** `snapshot`: the current status, sent first to a new subscriber (not a change). */
export type StatusSource = 'hook' | 'screen' | 'exit' | 'snapshot';

/** One status change, as the `onStatus` subscription sends it. */
export interface StatusChange {
  sessionId: string;
  userId: string;
  folderId: string | null;
  status: AgentStatus;
  previous: AgentStatus | null;
  /** ISO time of the change (the injected clock). */
  at: string;
  source: StatusSource;
  /** Why: the hook event, or the heuristic's reason. */
  reason: string;
  /** What the agent said, for hook reports that carry a message (notifications). */
  message?: string;
}

/** The columns a status change needs. */
export const statusSessionSelect = {
  id: true,
  userId: true,
  folderId: true,
  agentStatus: true,
} satisfies Prisma.SessionSelect;

export type StatusSession = Prisma.SessionGetPayload<{ select: typeof statusSessionSelect }>;

/**
 * The agent status of sessions (`Session.agentStatus` / `agentStatusAt`). Two sources write it:
 * hook reports (`rdv hook <event>`), preferred, and the monitor's screen heuristics, which yield
 * to a hook for HOOK_PRECEDENCE_MS. Every change is published on `events`.
 */
export class AgentStatusService {
  readonly events = new EventLog<StatusChange>();
  private readonly lastHookAt = new Map<string, number>();

  constructor(
    private readonly db: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A hook event for one of the caller's sessions; someone else's session is NOT_FOUND. */
  async report(
    userId: string,
    input: { sessionId: string; event: HookEvent; message?: string },
  ): Promise<{ sessionId: string; status: AgentStatus; changed: boolean }> {
    const session = await this.db.session.findFirst({
      where: { id: input.sessionId, userId },
      select: statusSessionSelect,
    });
    if (!session)
      throw new TRPCError({ code: 'NOT_FOUND', message: `session ${input.sessionId} not found` });
    const status = statusForHookEvent(input.event);
    this.lastHookAt.set(session.id, this.now().getTime());
    const changed = await this.set(session, status, 'hook', `hook ${input.event}`, input.message);
    return { sessionId: session.id, status, changed };
  }

  /** True while a hook's word still outranks the screen for this session. */
  hookIsFresh(sessionId: string, nowMs = this.now().getTime()): boolean {
    const at = this.lastHookAt.get(sessionId);
    return at !== undefined && nowMs - at < HOOK_PRECEDENCE_MS;
  }

  /**
   * Records `status` if it differs from the stored one; publishes the change. The conditional
   * update makes two concurrent writers (a hook and the monitor) publish one change, not two.
   */
  async set(
    session: StatusSession,
    status: AgentStatus,
    source: Exclude<StatusSource, 'snapshot'>,
    reason: string,
    message?: string,
  ): Promise<boolean> {
    if (session.agentStatus === status) return false;
    const at = this.now();
    const { count } = await this.db.session.updateMany({
      where: { id: session.id, OR: [{ agentStatus: null }, { agentStatus: { not: status } }] },
      data: { agentStatus: status, agentStatusAt: at },
    });
    if (count === 0) return false;
    this.events.publish({
      sessionId: session.id,
      userId: session.userId,
      folderId: session.folderId,
      status,
      previous: (session.agentStatus as AgentStatus | null) ?? null,
      at: at.toISOString(),
      source,
      reason,
      ...(message === undefined ? {} : { message }),
    });
    session.agentStatus = status;
    return true;
  }

  /** The current status of the user's live sessions: the backlog of `onStatus`. */
  async current(userId: string, folderId?: string | null): Promise<StatusChange[]> {
    const rows = await this.db.session.findMany({
      where: {
        userId,
        status: { in: ['active', 'suspended'] },
        agentStatus: { not: null },
        ...(folderId === undefined ? {} : { folderId }),
      },
      select: { ...statusSessionSelect, agentStatusAt: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((row) => ({
      sessionId: row.id,
      userId: row.userId,
      folderId: row.folderId,
      status: row.agentStatus as AgentStatus,
      previous: null,
      at: (row.agentStatusAt ?? this.now()).toISOString(),
      source: 'snapshot' as const,
      reason: 'current status',
    }));
  }

  /** Drops what is remembered about a session that is gone. */
  forget(sessionId: string): void {
    this.lastHookAt.delete(sessionId);
  }

  /** Keeps only what is remembered about these (live) sessions. */
  retain(sessionIds: ReadonlySet<string>): void {
    for (const id of this.lastHookAt.keys()) if (!sessionIds.has(id)) this.lastHookAt.delete(id);
  }
}
