// Answering an agent without attaching: Approve / Deny / Reply from the dashboard's session row,
// `rdv session answer`, or a notification's action. The keys are the ones the prompt on the
// screen takes (screen-prompt.ts); they go through the SafeInjector (guard and audit log), and
// nothing is typed unless a fresh read of the screen, right before typing, still shows the prompt
// the answer names.
import type { z } from 'zod';
import type { PrismaClient } from '@rdv/db';
import type { Tmux } from '@rdv/terminal';
import { NotFoundError } from '../../../errors.ts';
import type { sessionAnswerInput } from '../../../schemas/answers.ts';
import { captureScreens } from '../monitoring/batch-capture.ts';
import { readPrompt, type ReadPrompt, type ScreenPrompt } from '../agent-status/screen-prompt.ts';
import type { InjectionActor, InjectionRefusal, SafeInjector } from '../injection/safe-injector.ts';

export type AnswerInput = z.output<typeof sessionAnswerInput>;

export interface AnswerResult {
  ok: true;
  /** The AuditLog row of the decision. */
  auditId: string;
  /** The prompt answered (the one on the screen when the keys were typed). */
  prompt: ScreenPrompt;
}

/**
 * Reads the prompt a session's screen shows (`sessions.prompt`) and answers it
 * (`sessions.answer`). Refusals are PRECONDITION_FAILED domain errors, audited, with nothing
 * typed: no prompt on the screen any more, another prompt than the one answered, or an answer
 * that prompt does not take (a reply to a permission menu).
 */
export class AnswerService {
  constructor(
    private readonly deps: {
      db: PrismaClient;
      tmux: Pick<Tmux, 'run'>;
      injector: Pick<SafeInjector, 'inject'>;
      /** Someone typed: the status watch reads the screen again at once (waiting clears fast). */
      noteInput: (sessionId: string) => void;
    },
  ) {}

  /** The prompt on the screen now, or null; someone else's session is NOT_FOUND. */
  async prompt(userId: string, sessionId: string): Promise<ScreenPrompt | null> {
    const tmuxName = await this.liveTmuxName(userId, sessionId);
    if (tmuxName === null) return null;
    return (await this.read(tmuxName))?.prompt ?? null;
  }

  async answer(actor: InjectionActor, input: AnswerInput): Promise<AnswerResult> {
    const { sessionId, promptId, answer } = input;
    const tmuxName = await this.liveTmuxName(actor.userId, sessionId);
    const before = tmuxName === null ? null : await this.read(tmuxName);
    const refusal = refusalFor(sessionId, promptId, answer.kind, before);
    const keys =
      answer.kind === 'reply'
        ? { text: answer.text, enter: true }
        : (before?.keys[answer.kind] ?? { text: '', enter: false });
    const result = await this.deps.injector.inject({
      actor,
      action: 'sessions.answer',
      sessionId,
      text: keys.text,
      enter: keys.enter,
      refusal,
      detail: { answer: answer.kind, promptId, agent: before?.prompt.agent },
      // Again right before typing: the screen may have moved on during the checks.
      verify: async () => {
        const now = tmuxName === null ? null : await this.read(tmuxName);
        return refusalFor(sessionId, promptId, answer.kind, now);
      },
    });
    this.deps.noteInput(sessionId);
    return { ok: true, auditId: result.auditId, prompt: (before as ReadPrompt).prompt };
  }

  /** The tmux name of the caller's session; null when it is not running (nothing to read). */
  private async liveTmuxName(userId: string, sessionId: string): Promise<string | null> {
    const session = await this.deps.db.session.findFirst({
      where: { id: sessionId, userId },
      select: { tmuxName: true, status: true },
    });
    if (!session) throw new NotFoundError(`session ${sessionId} not found`);
    return session.status === 'active' ? session.tmuxName : null;
  }

  private async read(tmuxName: string): Promise<ReadPrompt | null> {
    const screens = await captureScreens(this.deps.tmux, [tmuxName]).catch(() => null);
    const screen = screens?.get(tmuxName);
    return screen && !screen.dead ? readPrompt(screen) : null;
  }
}

/** Why `answer` may not be typed into what the screen shows, or null when it may. */
function refusalFor(
  sessionId: string,
  promptId: string,
  kind: AnswerInput['answer']['kind'],
  read: ReadPrompt | null,
): InjectionRefusal | null {
  if (!read) {
    return {
      kind: 'precondition',
      reason: 'prompt_gone',
      message: `session ${sessionId} no longer shows a prompt to answer; nothing was typed`,
    };
  }
  if (read.prompt.id !== promptId) {
    return {
      kind: 'precondition',
      reason: 'prompt_changed',
      message: `the screen of session ${sessionId} changed: it now asks "${read.prompt.question}" (prompt ${read.prompt.id}), not prompt ${promptId}; nothing was typed`,
    };
  }
  if (!read.prompt.answers.includes(kind)) {
    return {
      kind: 'precondition',
      reason: 'answer_not_offered',
      message: `prompt ${promptId} takes ${read.prompt.answers.join(' or ')}, not ${kind}; nothing was typed`,
    };
  }
  return null;
}
