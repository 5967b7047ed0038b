import {
  sessionCloseInput,
  sessionCreateInput,
  sessionExecInput,
  sessionIdInput,
  sessionRestartInput,
  sessionListInput,
  sessionScrollbackInput,
  sessionUpdateInput,
  orphanNameInput,
} from '../schemas/sessions.ts';
import { sessionAnswerInput, sessionPromptInput } from '../schemas/answers.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

/**
 * tmux sessions no row owns (a crash between tmux and the row, rows removed while the daemon was
 * down): listed, adopted (a row for the caller) or killed, only on request.
 */
const orphansRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => ctx.sessions.orphans.list()),
  adopt: protectedProcedure
    .input(orphanNameInput)
    .mutation(({ ctx, input }) => ctx.sessions.orphans.adopt(ctx.caller.userId, input.name)),
  kill: protectedProcedure
    .input(orphanNameInput)
    .mutation(({ ctx, input }) => ctx.sessions.orphans.kill(input.name)),
});

export const sessionsRouter = createTRPCRouter({
  orphans: orphansRouter,

  list: protectedProcedure
    .input(sessionListInput)
    .query(({ ctx, input }) => ctx.sessions.list(ctx.caller.userId, input)),

  get: protectedProcedure
    .input(sessionIdInput)
    .query(({ ctx, input }) => ctx.sessions.get(ctx.caller.userId, input.id)),

  create: protectedProcedure
    .input(sessionCreateInput)
    .mutation(({ ctx, input }) => ctx.sessions.create(ctx.caller.userId, input)),

  update: protectedProcedure
    .input(sessionUpdateInput)
    .mutation(({ ctx, input }) => ctx.sessions.update(ctx.caller.userId, input)),

  close: protectedProcedure
    .input(sessionCloseInput)
    .mutation(({ ctx, input }) =>
      ctx.sessions.close(ctx.caller.userId, input.id, { trashWorktree: input.trashWorktree }),
    ),

  suspend: protectedProcedure
    .input(sessionIdInput)
    .mutation(({ ctx, input }) => ctx.sessions.suspend(ctx.caller.userId, input.id)),

  resume: protectedProcedure
    .input(sessionIdInput)
    .mutation(({ ctx, input }) => ctx.sessions.resume(ctx.caller.userId, input.id)),

  /** Runs an exited or closed session again in the same row (same command, cwd, env, folder). */
  /** Resumes the agent's conversation when the session is `resumable`, unless `fresh`. */
  restart: protectedProcedure
    .input(sessionRestartInput)
    .mutation(({ ctx, input }) => ctx.sessions.restart(ctx.caller.userId, input.id, { fresh: input.fresh })),

  /** Goes through the SafeInjector: destructive-pattern check (unless `force`) and audit log first. */
  exec: protectedProcedure.input(sessionExecInput).mutation(async ({ ctx, input }) => {
    await ctx.injector.inject({
      actor: ctx.caller,
      action: 'sessions.exec',
      sessionId: input.id,
      text: input.text,
      force: input.force,
    });
    return { ok: true as const };
  }),

  /** The prompt the session's screen shows now, answerable with `answer`, or null. */
  prompt: protectedProcedure
    .input(sessionPromptInput)
    .query(({ ctx, input }) => ctx.answers.prompt(ctx.caller.userId, input.id)),

  /**
   * Approve / Deny / Reply without attaching: the keys that answer the prompt `promptId`, through
   * the SafeInjector (guard, audit as `sessions.answer`); refused, nothing typed, when the screen
   * no longer shows that prompt.
   */
  answer: protectedProcedure
    .input(sessionAnswerInput)
    .mutation(({ ctx, input }) => ctx.answers.answer(ctx.caller, input)),

  scrollback: protectedProcedure
    .input(sessionScrollbackInput)
    .query(({ ctx, input }) => ctx.sessions.scrollback(ctx.caller.userId, input)),
});
