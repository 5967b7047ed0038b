import { z } from 'zod';

/** `users.ensure`: the person the web app authenticated (Cloudflare Access), by email. */
export const userEnsureInput = z.object({
  email: z.email().max(254).toLowerCase(),
});
