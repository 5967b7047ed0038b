import {
  folderChildrenInput,
  folderCreateInput,
  folderDeleteInput,
  folderIdInput,
  folderUpdateInput,
} from '../schemas/folders.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const foldersRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => ctx.folders.list(ctx.caller.userId)),

  get: protectedProcedure
    .input(folderIdInput)
    .query(({ ctx, input }) => ctx.folders.get(ctx.caller.userId, input.id)),

  children: protectedProcedure
    .input(folderChildrenInput)
    .query(({ ctx, input }) => ctx.folders.children(ctx.caller.userId, input.id)),

  /** The folder, its ancestors, effective preferences with sources, sessions, worktrees, orchestrators. */
  context: protectedProcedure
    .input(folderIdInput)
    .query(({ ctx, input }) => ctx.folders.context(ctx.caller.userId, input.id)),

  create: protectedProcedure
    .input(folderCreateInput)
    .mutation(({ ctx, input }) => ctx.folders.create(ctx.caller.userId, input)),

  update: protectedProcedure.input(folderUpdateInput).mutation(({ ctx, input }) => {
    const { id, ...patch } = input;
    return ctx.folders.update(ctx.caller.userId, id, patch);
  }),

  delete: protectedProcedure
    .input(folderDeleteInput)
    .mutation(({ ctx, input }) =>
      ctx.folders.delete(ctx.caller.userId, input.id, {
        moveContentsToParent: input.moveContentsToParent,
      }),
    ),
});
