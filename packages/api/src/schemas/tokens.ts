import { z } from 'zod';
import { idSchema, nameSchema } from './common.ts';

/** Longest lifetime a CLI token may be given (ten years); omit for a token that never expires. */
export const MAX_TOKEN_LIFETIME_SECONDS = 10 * 365 * 24 * 3600;

export const tokenCreateInput = z.object({
  name: nameSchema,
  expiresInSeconds: z.number().int().positive().max(MAX_TOKEN_LIFETIME_SECONDS).optional(),
});

export const tokenRevokeInput = z.object({ id: idSchema });

/** Changes when a token expires: seconds from now (0 expires it at once), or null for never. */
export const tokenSetExpiryInput = z.object({
  id: idSchema,
  expiresInSeconds: z.int().min(0).max(MAX_TOKEN_LIFETIME_SECONDS).nullable(),
});
