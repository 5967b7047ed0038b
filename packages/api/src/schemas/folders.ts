import { z } from 'zod';
import { idSchema, nameSchema } from './common.ts';

/** Bound on `sortOrder`, so clients cannot store absurd numbers. */
export const MAX_FOLDER_SORT_ORDER = 1_000_000;

export const folderIdInput = z.object({ id: idSchema });

export const folderCreateInput = z.object({
  name: nameSchema,
  /** Omit or null for a top-level folder. */
  parentId: idSchema.nullish(),
});

export const folderUpdateInput = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  /** null moves the folder to the top level; omit to leave it where it is. */
  parentId: idSchema.nullable().optional(),
  collapsed: z.boolean().optional(),
  sortOrder: z.number().int().min(-MAX_FOLDER_SORT_ORDER).max(MAX_FOLDER_SORT_ORDER).optional(),
});

export const folderDeleteInput = z.object({
  id: idSchema,
  /** Move sub-folders and sessions to the parent instead of refusing. @default false */
  moveContentsToParent: z.boolean().default(false),
});

export const folderChildrenInput = z.object({
  /** null lists the top-level folders. */
  id: idSchema.nullable().default(null),
});
