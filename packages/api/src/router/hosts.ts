import { hostAddInput, hostNameInput, hostSummarySchema } from '../schemas/hosts.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { z } from 'zod';

/** The fleet (`rdv host`): other machines' rdv-servers, reached over SSH by the daemon. */
export const hostsRouter = createTRPCRouter({
  list: protectedProcedure.output(z.array(hostSummarySchema)).query(({ ctx }) => ctx.hosts.list()),

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
