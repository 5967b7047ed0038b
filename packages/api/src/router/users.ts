import { userEnsureInput } from '../schemas/users.ts';
import { ensureUserByEmail } from '../services/user-directory.ts';
import { createTRPCRouter, serviceProcedure } from '../trpc.ts';

export const usersRouter = createTRPCRouter({
  /**
   * The user with this email, created on first use. Only the web app may call it (service
   * token, no user id), after it has verified the person (Cloudflare Access, allowed emails).
   */
  ensure: serviceProcedure
    .input(userEnsureInput)
    .mutation(({ ctx, input }) => ensureUserByEmail(ctx.db, input.email)),
});
