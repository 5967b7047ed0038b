import { tokenCreateInput, tokenRevokeInput, tokenSetExpiryInput } from '../schemas/tokens.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const tokensRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => ctx.tokens.list(ctx.caller.userId)),

  create: protectedProcedure.input(tokenCreateInput).mutation(({ ctx, input }) =>
    ctx.tokens.create(ctx.caller.userId, {
      name: input.name,
      expiresAt: input.expiresInSeconds ? new Date(Date.now() + input.expiresInSeconds * 1000) : null,
    }),
  ),

  revoke: protectedProcedure
    .input(tokenRevokeInput)
    .mutation(({ ctx, input }) => ctx.tokens.revoke(ctx.caller.userId, input.id)),

  /** Sets when one of the caller's tokens expires (0 = now, null = never); a revoked token stays revoked. */
  setExpiry: protectedProcedure.input(tokenSetExpiryInput).mutation(({ ctx, input }) =>
    ctx.tokens.setExpiry(
      ctx.caller.userId,
      input.id,
      input.expiresInSeconds === null ? null : new Date(Date.now() + input.expiresInSeconds * 1000),
    ),
  ),
});
