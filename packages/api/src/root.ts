import { healthProcedure } from './router/health.ts';
import { meRouter } from './router/me.ts';
import { tokensRouter } from './router/tokens.ts';
import { createTRPCRouter } from './trpc.ts';

export const appRouter = createTRPCRouter({
  health: healthProcedure,
  me: meRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
