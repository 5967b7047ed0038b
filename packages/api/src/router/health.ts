import { healthStatusSchema } from '../schemas/health.ts';
import { publicProcedure } from '../trpc.ts';

/** The daemon's health; the only public procedure, so supervisors need no token. */
export const healthProcedure = publicProcedure
  .output(healthStatusSchema)
  .query(({ ctx }) => ({ ...ctx.health.current(), hosts: ctx.hosts.health() }));
