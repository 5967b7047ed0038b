import { trashIdInput, trashPurgeInput, trashWorktreeInput } from '../schemas/trash.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const trashRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => ctx.trash.list(ctx.caller.userId)),

  /** How long a trashed item is kept (`trash_retention_days`), for the dashboard to say so. */
  retention: protectedProcedure.query(({ ctx }) => ({ days: ctx.trash.retentionDays })),

  /** Moves a worktree into the trash (what closing a worktree session does). */
  worktree: protectedProcedure
    .input(trashWorktreeInput)
    .mutation(({ ctx, input }) =>
      ctx.trash.trashWorktree(ctx.caller.userId, input.worktreeId, { sessionId: input.sessionId }),
    ),

  restore: protectedProcedure
    .input(trashIdInput)
    .mutation(({ ctx, input }) => ctx.trash.restore(ctx.caller.userId, input.id)),

  purge: protectedProcedure
    .input(trashPurgeInput)
    .mutation(({ ctx, input }) =>
      ctx.trash.purge(ctx.caller.userId, input.id, { force: input.force }),
    ),
});
