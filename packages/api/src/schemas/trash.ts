import { z } from 'zod';
import { idSchema } from './common.ts';

export const trashIdInput = z.object({ id: idSchema });

export const trashPurgeInput = z.object({
  id: idSchema,
  /** Delete even when the item holds uncommitted work. @default false */
  force: z.boolean().default(false),
});

export const trashWorktreeInput = z.object({
  worktreeId: idSchema,
  /** The session that owned the worktree, kept with the item for a later restore. */
  sessionId: idSchema.optional(),
});
