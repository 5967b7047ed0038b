import { InternalError } from '../../../errors.ts';
import type { Prisma } from '@rdv/db';
import { z } from 'zod';

/** What a trashed worktree needs for a restore, stored as JSON in TrashItem.metadata. */
export const trashMetadataSchema = z.object({
  repoPath: z.string(),
  branch: z.string().nullable(),
  baseBranch: z.string().nullable(),
  /** The commit checked out when it was trashed (to re-create a deleted branch). */
  head: z.string().nullable(),
  /**
   * Captured at trash time: uncommitted files (staged, changed, untracked, conflicted), or on a
   * detached HEAD commits no branch holds, or a state git could not read. Such an item is
   * never deleted without force; unpushed commits on a branch are not "uncommitted work"
   * because the branch, and so the commits, outlive the worktree.
   */
  hasUncommittedWork: z.boolean(),
  /** Human summary of that work ("2 changed, 1 untracked file(s)"). */
  work: z.string(),
  unpushedCount: z.number().int(),
});

export type TrashMetadata = z.infer<typeof trashMetadataSchema>;

export const trashItemSelect = {
  id: true,
  kind: true,
  worktreeId: true,
  sessionId: true,
  originalPath: true,
  trashPath: true,
  metadata: true,
  trashedAt: true,
  expiresAt: true,
} satisfies Prisma.TrashItemSelect;

export type TrashItemRow = Prisma.TrashItemGetPayload<{ select: typeof trashItemSelect }>;

/** A trash entry as the API shows it. */
export type TrashItemSummary = Omit<TrashItemRow, 'metadata'> &
  TrashMetadata & {
    /** Past its retention; the next clean-up deletes it unless it holds uncommitted work. */
    expired: boolean;
  };

export function parseTrashMetadata(row: Pick<TrashItemRow, 'id' | 'metadata'>): TrashMetadata {
  let json: unknown;
  try {
    json = JSON.parse(row.metadata);
  } catch {
    json = undefined;
  }
  const parsed = trashMetadataSchema.safeParse(json);
  if (!parsed.success) {
    throw new InternalError(`trash item ${row.id} has invalid metadata`);
  }
  return parsed.data;
}

export function toTrashSummary(row: TrashItemRow, now: Date): TrashItemSummary {
  const { metadata: _raw, ...rest } = row;
  return { ...rest, ...parseTrashMetadata(row), expired: row.expiresAt.getTime() <= now.getTime() };
}
