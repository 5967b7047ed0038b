import { hostAddInput, hostNameInput, hostSummarySchema } from '../schemas/hosts.ts';
import type { Context } from '../context.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import type { HostSessionList } from '../types.ts';
import { z } from 'zod';

/**
 * A host's lists as the dashboard reads them: the host runs this same router, so its
 * `sessions.list` and `folders.list` answers have this machine's types.
 */
export type HostSessionListView = Omit<HostSessionList, 'sessions' | 'folders'> & {
  sessions: Awaited<ReturnType<Context['sessions']['list']>>;
  folders: Awaited<ReturnType<Context['folders']['list']>>;
};

/** The fleet (`rdv host`): other machines' rdv-servers, reached over SSH by the daemon. */
export const hostsRouter = createTRPCRouter({
  list: protectedProcedure.output(z.array(hostSummarySchema)).query(({ ctx }) => ctx.hosts.list()),

  /** Every host's sessions and folders: live when connected, else the last known (never gone). */
  sessions: protectedProcedure.query(
    async ({ ctx }) => (await ctx.hostSessions.lists()) as HostSessionListView[],
  ),

  add: protectedProcedure
    .input(hostAddInput)
    .output(hostSummarySchema)
    .mutation(({ ctx, input }) => ctx.hosts.add(input)),

  test: protectedProcedure
    .input(hostNameInput)
    .output(hostSummarySchema)
    .mutation(({ ctx, input }) => ctx.hosts.test(input.name)),

  remove: protectedProcedure
    .input(hostNameInput)
    .mutation(({ ctx, input }) => ctx.hosts.remove(input.name)),
});
