import { rotateServiceTokenInput } from '../schemas/server.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const serverRouter = createTRPCRouter({
  /**
   * Replaces the web app's service token now (`rdv server rotate-token`). The previous token
   * stays valid for the grace period; the new one is only ever in the token file.
   */
  rotateServiceToken: protectedProcedure
    .input(rotateServiceTokenInput)
    .mutation(({ ctx }) => ctx.rotation.rotate(ctx.caller)),
});
