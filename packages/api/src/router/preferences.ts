import { preferenceScopeInput, preferenceSetInput } from '../schemas/preferences.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const preferencesRouter = createTRPCRouter({
  /** One level's own settings (null = inherited): the user's, or a folder's. */
  get: protectedProcedure
    .input(preferenceScopeInput)
    .query(({ ctx, input }) => ctx.preferences.get(ctx.caller.userId, input.folderId)),

  /** Patches one level: omitted keys are untouched, null clears (inherit again). */
  set: protectedProcedure
    .input(preferenceSetInput)
    .mutation(({ ctx, input }) =>
      ctx.preferences.set(ctx.caller.userId, input.folderId, input.values),
    ),

  /** The effective values for a folder (or the user level) and where each came from. */
  resolve: protectedProcedure
    .input(preferenceScopeInput)
    .query(({ ctx, input }) => ctx.preferences.resolve(ctx.caller.userId, input.folderId)),
});
