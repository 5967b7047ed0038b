import { auditListInput } from '../schemas/audit.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const auditRouter = createTRPCRouter({
  /** The caller's own audit rows (authentication, sensitive operations), newest first, paged. */
  list: protectedProcedure
    .input(auditListInput)
    .query(({ ctx, input }) => ctx.audit.list(ctx.caller.userId, input)),
});
