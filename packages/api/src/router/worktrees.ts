import {
  worktreeCreateInput,
  worktreeListInput,
  worktreeRemoveInput,
  worktreeTargetInput,
} from '../schemas/worktrees.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const worktreesRouter = createTRPCRouter({
  /** git's view of a repository's worktrees, with the caller's record ids. */
  list: protectedProcedure
    .input(worktreeListInput)
    .query(({ ctx, input }) => ctx.worktrees.listRepository(ctx.caller.userId, input.repoPath)),

  /** The caller's worktree records (active and trashed). */
  records: protectedProcedure.query(({ ctx }) => ctx.worktrees.listRecords(ctx.caller.userId)),

  create: protectedProcedure
    .input(worktreeCreateInput)
    .mutation(({ ctx, input }) => ctx.worktrees.create(ctx.caller.userId, input)),

  status: protectedProcedure
    .input(worktreeTargetInput)
    .query(({ ctx, input }) => ctx.worktrees.status(ctx.caller.userId, input)),

  remove: protectedProcedure.input(worktreeRemoveInput).mutation(({ ctx, input }) => {
    const { force, ...target } = input;
    return ctx.worktrees.remove(ctx.caller.userId, target, { force });
  }),
});
