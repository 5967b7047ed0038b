import { createHash } from 'node:crypto';
import { ForbiddenError, NotFoundError, PreconditionError } from '../../../errors.ts';
import type { PrismaClient } from '@rdv/db';
import type { TokenKind } from '../../../auth/caller.ts';
import type { ApiLogger } from '../../../types.ts';
import type { SessionService } from '../../sessions/session-service.ts';
import { findDestructivePattern, refusalReason } from '@rdv/policy/exec-guard';

/** Who is typing: a caller's token, or an orchestrator acting on its own (auto-intervention). */
export interface InjectionActor {
  userId: string;
  tokenId: string | null;
  tokenKind: TokenKind | null;
}

export type InjectionAction =
  | 'sessions.exec'
  | 'sessions.answer'
  | 'orchestrators.inject'
  | 'orchestrators.nudge'
  | 'worktrees.sendComments';

/** A refusal decided by the caller before the text is looked at (paused, out of scope). */
export interface InjectionRefusal {
  kind: 'precondition' | 'forbidden';
  reason:
    | 'orchestrator_paused'
    | 'out_of_scope'
    | 'prompt_gone'
    | 'prompt_changed'
    | 'answer_not_offered';
  message: string;
}

export interface InjectionRequest {
  actor: InjectionActor;
  action: InjectionAction;
  sessionId: string;
  text: string;
  /** Type it even when it matches a destructive pattern. Paused and out-of-scope refusals stand. */
  force?: boolean;
  orchestratorId?: string;
  refusal?: InjectionRefusal | null;
  /** Press Enter after the text. @default true */
  enter?: boolean;
  /**
   * Hand the text over as one bracketed paste rather than typed keys: a multi-line message then
   * reaches an agent as ONE message (its line breaks are not Enters). @default false
   */
  paste?: boolean;
  /**
   * Checked after every other check, right before typing (`sessions.answer`: the screen still
   * shows the prompt being answered). A refusal is audited and thrown like the caller's own.
   */
  verify?: () => Promise<InjectionRefusal | null>;
  /** Recorded with the decision in the audit log (what was answered, to which prompt). */
  detail?: Record<string, unknown>;
}

export interface InjectionResult {
  ok: true;
  /** The AuditLog row that recorded the decision. */
  auditId: string;
}

/** Characters of the text kept in the audit log; the rest is summarised by length and hash. */
export const AUDIT_TEXT_PREVIEW_CHARS = 200;

/**
 * The one path by which rdv types text into a session on someone's behalf (`sessions.exec`,
 * `orchestrators.inject`, auto-intervention nudges). It checks the session is the caller's,
 * applies the caller's refusal and the destructive-pattern check, writes the decision to the
 * audit log, and only then types: literal keys, chunked, copy-mode left first, Enter separate,
 * one injection at a time per session (SessionService.exec → Tmux.exec).
 *
 * Audit outcomes: `refused` (nothing typed), `success` (checks passed, text handed to tmux;
 * written before typing), and an extra `failure` row if typing then fails.
 */
export class SafeInjector {
  constructor(
    private readonly db: PrismaClient,
    private readonly sessions: Pick<SessionService, 'get' | 'exec'>,
    private readonly logger: ApiLogger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async inject(request: InjectionRequest): Promise<InjectionResult> {
    const { actor, sessionId } = request;
    try {
      await this.sessions.get(actor.userId, sessionId);
    } catch (error) {
      if (error instanceof NotFoundError) {
        await this.audit(request, 'refused', { reason: 'not_found' });
      }
      throw error;
    }

    const match = request.refusal ? null : findDestructivePattern(request.text);
    const forced = match !== null && request.force === true;
    if (request.refusal) await this.refuse(request, request.refusal);
    if (match && !forced) {
      await this.audit(request, 'refused', { reason: 'destructive_pattern', pattern: match.rule });
      throw new ForbiddenError(
        `refused to type into session ${sessionId}: ${refusalReason(match)} (rule ${match.rule}); send it with force: true if you really mean it`,
      );
    }
    const late = request.verify ? await request.verify() : null;
    if (late) await this.refuse(request, late);

    const auditId = await this.audit(request, 'success', {
      ...(forced ? { reason: 'forced', pattern: match.rule } : {}),
    });
    try {
      await this.sessions.exec(actor.userId, sessionId, request.text, {
        enter: request.enter ?? true,
        paste: request.paste ?? false,
      });
    } catch (error) {
      await this.audit(request, 'failure', {
        reason: (error as Error).message.slice(0, 500),
        decision: auditId,
      });
      throw error;
    }
    return { ok: true, auditId };
  }

  private async refuse(request: InjectionRequest, refusal: InjectionRefusal): Promise<never> {
    await this.audit(request, 'refused', { reason: refusal.reason });
    const Refusal = refusal.kind === 'forbidden' ? ForbiddenError : PreconditionError;
    throw new Refusal(refusal.message);
  }

  private async audit(
    request: InjectionRequest,
    outcome: 'success' | 'failure' | 'refused',
    detail: Record<string, unknown>,
  ): Promise<string> {
    const { actor, text } = request;
    const row = await this.db.auditLog.create({
      data: {
        userId: actor.userId,
        tokenId: actor.tokenId,
        tokenKind: actor.tokenKind,
        action: request.action,
        target: `session:${request.sessionId}`,
        outcome,
        detail: JSON.stringify({
          ...request.detail,
          ...detail,
          ...(request.orchestratorId ? { orchestratorId: request.orchestratorId } : {}),
          actor: actor.tokenKind ?? 'orchestrator',
          forceRequested: request.force === true,
          length: text.length,
          sha256: createHash('sha256').update(text).digest('hex'),
          preview: text.slice(0, AUDIT_TEXT_PREVIEW_CHARS),
        }),
        createdAt: this.now(),
      },
      select: { id: true },
    });
    if (outcome === 'refused') {
      this.logger.info(
        { action: request.action, session: request.sessionId, detail },
        'injection refused',
      );
    }
    return row.id;
  }
}
