import {
  worktreeCreateInput,
  worktreeListInput,
  worktreeRemoveInput,
  worktreeTargetInput,
} from '../schemas/worktrees.ts';
import {
  sendReviewCommentsInput,
  worktreeCommitInput,
  worktreeDiffInput,
  worktreePathsInput,
  worktreePullRequestInput,
  worktreePushInput,
} from '../schemas/worktree-review.ts';
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

  /**
   * The worktree's changes per file: against its base branch (since the merge-base: commits,
   * staged, unstaged and untracked) or against HEAD (uncommitted only), with git's patches.
   */
  diff: protectedProcedure
    .input(worktreeDiffInput)
    .query(({ ctx, input }) => ctx.review.diff(ctx.caller.userId, input)),

  stage: protectedProcedure
    .input(worktreePathsInput)
    .mutation(({ ctx, input }) => ctx.review.stage(ctx.caller.userId, input)),

  unstage: protectedProcedure
    .input(worktreePathsInput)
    .mutation(({ ctx, input }) => ctx.review.unstage(ctx.caller.userId, input)),

  /** Commits what is staged (author from git config). */
  commit: protectedProcedure
    .input(worktreeCommitInput)
    .mutation(({ ctx, input }) => ctx.review.commit(ctx.caller.userId, input)),

  /** Pushes the branch to its upstream, or to origin setting the upstream. */
  push: protectedProcedure
    .input(worktreePushInput)
    .mutation(({ ctx, input }) => ctx.review.push(ctx.caller.userId, input)),

  /** `gh pr create` when gh is installed and signed in; otherwise why not and the compare URL. */
  pullRequest: protectedProcedure
    .input(worktreePullRequestInput)
    .mutation(({ ctx, input }) => ctx.review.pullRequest(ctx.caller.userId, input)),

  /** Review comments typed into a session as one message (injection guard, audited). */
  sendComments: protectedProcedure
    .input(sendReviewCommentsInput)
    .mutation(({ ctx, input }) => ctx.review.sendComments(ctx.caller, input)),
});
