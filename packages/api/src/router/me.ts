import { TRPCError } from '@trpc/server';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const meRouter = createTRPCRouter({
  /** Who the caller is, and how they authenticated (never the token). */
  get: protectedProcedure.query(async ({ ctx }) => {
    const user = await ctx.db.user.findUnique({
      where: { id: ctx.caller.userId },
      select: { id: true, username: true, email: true, displayName: true, createdAt: true },
    });
    if (!user) throw new TRPCError({ code: 'NOT_FOUND', message: `user ${ctx.caller.userId} not found` });
    return { user, tokenKind: ctx.caller.tokenKind, tokenId: ctx.caller.tokenId };
  }),
});
