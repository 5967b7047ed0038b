import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import type { Context } from './context.ts';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        // Zod's flattened error tells a client which field is wrong and why.
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Health alone is public: a supervisor must be able to ask without a token. */
export const publicProcedure = t.procedure;

const authenticated = t.middleware(async ({ ctx, next }) => {
  const result = await ctx.auth.authenticate(ctx.req.headers);
  if (!result.ok) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'missing, invalid, expired or revoked token' });
  }
  return next({ ctx: { ...ctx, caller: result.caller } });
});

/** Every procedure but health: the caller's identity reaches the procedure as `ctx.caller`. */
export const protectedProcedure = t.procedure.use(authenticated);
