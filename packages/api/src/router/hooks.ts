import { hookReportInput } from '../schemas/agent-status.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const hooksRouter = createTRPCRouter({
  /** Whether each agent's hooks for rdv are installed (`rdv hooks install` writes them). */
  installed: protectedProcedure.query(({ ctx }) => ctx.agentHooks.installed()),

  /**
   * An agent's hook event (`rdv hook <event>`): sets the session's agent status, which then
   * outranks the screen heuristics for a while, and records the agent's conversation id when the
   * hook sent one. Another user's session is NOT_FOUND.
   */
  report: protectedProcedure.input(hookReportInput).mutation(async ({ ctx, input }) => {
    const result = await ctx.agentStatus.report(ctx.caller.userId, input);
    // Which agent, and its own conversation id: what Restart needs to resume it.
    await ctx.sessions.recordAgent(ctx.caller.userId, input.sessionId, input);
    return result;
  }),
});
