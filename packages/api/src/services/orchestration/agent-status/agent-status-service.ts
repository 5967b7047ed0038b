import { NotFoundError } from '../../../errors.ts';
import type { Prisma, PrismaClient } from '@rdv/db';
import {
  statusForHookEvent,
  type AgentStatus,
  type HookEvent,
} from '../../../schemas/agent-status.ts';
import { EventLog } from '../event-log.ts';
import type { ScreenPrompt } from './screen-prompt.ts';

/** After a hook report, screen heuristics leave the session's status alone this long. @default 10 min */
export const HOOK_PRECEDENCE_MS = 10 * 60_000;

/**
 * `snapshot`: the current status, sent first to a new subscriber (not a change); `restart`: an
 * ended session was started again; `prompt`: NOT a status change: the session still waits, and
 * the prompt its screen shows appeared or changed (`prompt` holds the new one, or is absent).
 */
export type StatusSource = 'hook' | 'screen' | 'exit' | 'restart' | 'snapshot' | 'prompt';

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
  /**
   * What the agent said: a hook's message (notifications), or for `waiting` seen on the screen
   * the question line being asked. Kept while the session waits, so a snapshot has it too.
   */
  message?: string;
  /**
   * For `waiting`: the prompt the screen shows, if it can be answered without attaching
   * (`sessions.answer` with its id). Kept while the session waits, so a snapshot has it too.
   */
  prompt?: ScreenPrompt;
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
  /** When each session's last hook reported, and what. */
  private readonly lastHook = new Map<string, { at: number; status: AgentStatus }>();
  /** The question of each session that is waiting (see `StatusChange.message`). */
  private readonly questions = new Map<string, string>();
  /** The answerable prompt on the screen of each session that is waiting. */
  private readonly prompts = new Map<string, ScreenPrompt>();

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
    if (!session) throw new NotFoundError(`session ${input.sessionId} not found`);
    const status = statusForHookEvent(input.event);
    this.lastHook.set(session.id, { at: this.now().getTime(), status });
    const changed = await this.set(session, status, 'hook', `hook ${input.event}`, input.message);
    return { sessionId: session.id, status, changed };
  }

  /** True while a hook's word still outranks the screen for this session. */
  hookIsFresh(sessionId: string, nowMs = this.now().getTime()): boolean {
    const at = this.lastHook.get(sessionId)?.at;
    return at !== undefined && nowMs - at < HOOK_PRECEDENCE_MS;
  }

  /**
   * Someone typed into the session. A hook's `waiting` stops outranking the screen: the person
   * has answered, and an agent whose hooks do not report the next step would stay "waiting".
   */
  inputArrived(sessionId: string): void {
    if (this.lastHook.get(sessionId)?.status === 'waiting') this.lastHook.delete(sessionId);
  }

  /**
   * Records `status` if it differs from the stored one; publishes the change. The conditional
   * update makes two concurrent writers (a hook and the monitor) publish one change, not two.
   */
  async set(
    session: StatusSession,
    status: AgentStatus,
    source: Exclude<StatusSource, 'snapshot' | 'prompt'>,
    reason: string,
    message?: string,
    prompt?: ScreenPrompt | null,
  ): Promise<boolean> {
    if (session.agentStatus === status) return false;
    const at = this.now();
    const { count } = await this.db.session.updateMany({
      where: { id: session.id, OR: [{ agentStatus: null }, { agentStatus: { not: status } }] },
      data: { agentStatus: status, agentStatusAt: at },
    });
    if (count === 0) return false;
    if (status === 'waiting' && message !== undefined) this.questions.set(session.id, message);
    else this.questions.delete(session.id);
    if (status === 'waiting' && prompt) this.prompts.set(session.id, prompt);
    else this.prompts.delete(session.id);
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
      ...(status === 'waiting' && prompt ? { prompt } : {}),
    });
    session.agentStatus = status;
    return true;
  }

  /**
   * The screen of a waiting session was read: when the answerable prompt it shows appeared,
   * changed or went away, subscribers hear it (source `prompt`, status unchanged). A hook may
   * have said "waiting" before the screen showed what it asks.
   */
  promptSeen(session: StatusSession, prompt: ScreenPrompt | null): boolean {
    if (session.agentStatus !== 'waiting') return false;
    const known = this.prompts.get(session.id);
    if ((known?.id ?? null) === (prompt?.id ?? null)) return false;
    if (prompt) this.prompts.set(session.id, prompt);
    else this.prompts.delete(session.id);
    const message = this.questions.get(session.id) ?? prompt?.question;
    this.events.publish({
      sessionId: session.id,
      userId: session.userId,
      folderId: session.folderId,
      status: 'waiting',
      previous: 'waiting',
      at: this.now().toISOString(),
      source: 'prompt',
      reason: prompt ? `prompt on screen: ${prompt.question.slice(0, 80)}` : 'no prompt on screen',
      ...(message === undefined ? {} : { message }),
      ...(prompt ? { prompt } : {}),
    });
    return true;
  }

  /** The answerable prompt last seen on a waiting session's screen. */
  promptOf(sessionId: string): ScreenPrompt | undefined {
    return this.prompts.get(sessionId);
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
    return rows.map((row) => {
      const question = row.agentStatus === 'waiting' ? this.questions.get(row.id) : undefined;
      const prompt = row.agentStatus === 'waiting' ? this.prompts.get(row.id) : undefined;
      return {
        sessionId: row.id,
        userId: row.userId,
        folderId: row.folderId,
        status: row.agentStatus as AgentStatus,
        previous: null,
        at: (row.agentStatusAt ?? this.now()).toISOString(),
        source: 'snapshot' as const,
        reason: 'current status',
        ...(question === undefined ? {} : { message: question }),
        ...(prompt === undefined ? {} : { prompt }),
      };
    });
  }

  /**
   * An ended session runs again: an agent is starting (`running`), a shell that had a status is
   * at its prompt (`idle`); a hook from the previous run no longer outranks the screen.
   */
  async restarted(session: StatusSession & { kind: string }): Promise<void> {
    this.forget(session.id);
    if (session.kind !== 'agent' && session.agentStatus === null) return;
    await this.set(
      session,
      session.kind === 'agent' ? 'running' : 'idle',
      'restart',
      'session restarted',
    );
  }

  /** Drops what is remembered about a session that is gone. */
  forget(sessionId: string): void {
    this.lastHook.delete(sessionId);
    this.questions.delete(sessionId);
    this.prompts.delete(sessionId);
  }

  /** Keeps only what is remembered about these (live) sessions. */
  retain(sessionIds: ReadonlySet<string>): void {
    for (const id of this.lastHook.keys()) if (!sessionIds.has(id)) this.lastHook.delete(id);
    for (const id of this.questions.keys()) if (!sessionIds.has(id)) this.questions.delete(id);
    for (const id of this.prompts.keys()) if (!sessionIds.has(id)) this.prompts.delete(id);
  }
}
