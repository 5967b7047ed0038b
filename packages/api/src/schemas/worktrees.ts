import { z } from 'zod';
import { idSchema } from './common.ts';
import { safeAbsolutePathSchema } from './paths.ts';

export const MAX_REF_LENGTH = 200;

/**
 * A ref-ish string (branch name, base branch, commit): bounded, no whitespace or control
 * characters, never starting with "-" (it would read as an option). `git check-ref-format`
 * and `git rev-parse --verify` decide the rest on the server.
 */
const refSchema = z
  .string()
  .min(1, 'cannot be empty')
  .max(MAX_REF_LENGTH, `at most ${MAX_REF_LENGTH} characters`)
  .refine((ref) => !ref.startsWith('-'), 'cannot start with "-"')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\s\u0000-\u001f\u007f]+$/, 'cannot contain whitespace or control characters');

export const branchNameSchema = refSchema;

/** git's view of a repository's worktrees. */
export const worktreeListInput = z.object({ repoPath: safeAbsolutePathSchema });

export const worktreeCreateInput = z.object({
  repoPath: safeAbsolutePathSchema,
  /** Created from `baseBranch` (default: the repository's HEAD); an existing branch is checked out. */
  branch: branchNameSchema,
  baseBranch: refSchema.optional(),
  /** Default: `<repo-parent>/<repo-name>-worktrees/<branch-slug>`. */
  path: safeAbsolutePathSchema.optional(),
  /** Run the configured set-up command. @default true when one is configured */
  runSetup: z.boolean().optional(),
});

/** A worktree by `id` (the caller's record) or by `path`; exactly one. Extended by other inputs. */
export const worktreeTargetShape = {
  id: idSchema.optional(),
  path: safeAbsolutePathSchema.optional(),
};
/** The refinement every target input applies: exactly one of id or path. */
export const oneTarget = (value: { id?: string; path?: string }) =>
  (value.id === undefined) !== (value.path === undefined);
export const oneTargetMessage = { message: 'give exactly one of id or path' };
const targetShape = worktreeTargetShape;

/** A worktree by record id, or by path (a worktree of a repository under the allowed roots). */
export const worktreeTargetInput = z.object(targetShape).refine(oneTarget, oneTargetMessage);

export const worktreeRemoveInput = z
  .object({ ...targetShape, force: z.boolean().default(false) })
  .refine(oneTarget, oneTargetMessage);

export type WorktreeCreateInput = z.infer<typeof worktreeCreateInput>;
export type WorktreeTarget = z.infer<typeof worktreeTargetInput>;
