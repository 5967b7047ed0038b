import { hookReportInput } from '../schemas/agent-status.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const hooksRouter = createTRPCRouter({
  /**
   * An agent's hook event (`rdv hook <event>`): sets the session's agent status, which then
   * outranks the screen heuristics for a while. Another user's session is NOT_FOUND.
   */
  report: protectedProcedure
    .input(hookReportInput)
    .mutation(({ ctx, input }) => ctx.agentStatus.report(ctx.caller.userId, input)),
});
