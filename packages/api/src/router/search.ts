import { searchQueryInput } from '../schemas/search.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const searchRouter = createTRPCRouter({
  /**
   * Text across the caller's sessions (live scrollback, then recordings), a page at a time:
   * follow `nextCursor` until null.
   */
  query: protectedProcedure
    .input(searchQueryInput)
    .query(({ ctx, input, signal }) => ctx.search.query(ctx.caller.userId, input, signal)),
});
