// Inputs of the review procedures: a worktree's diff, the ship actions (stage, unstage, commit,
// push, pull request) and review comments typed into an agent's session.
import { z } from 'zod';
import { idSchema } from './common.ts';
import { MAX_PATH_LENGTH } from './paths.ts';
import { oneTarget, oneTargetMessage, worktreeTargetShape } from './worktrees.ts';

/** Most context lines around a change. @default 3 (git's) */
export const MAX_DIFF_CONTEXT_LINES = 100;
export const DEFAULT_DIFF_CONTEXT_LINES = 3;
/** Most paths one stage/unstage call takes. */
export const MAX_STAGE_PATHS = 1_000;
export const MAX_COMMIT_MESSAGE_LENGTH = 20_000;
export const MAX_PR_TITLE_LENGTH = 256;
/** GitHub's own limit on a pull request body. */
export const MAX_PR_BODY_LENGTH = 65_536;
/** Comments per message typed into a session. */
export const MAX_REVIEW_COMMENTS = 50;
export const MAX_REVIEW_COMMENT_LENGTH = 4_000;
/** Highest line number a comment may name (far beyond any file a diff view shows). */
export const MAX_REVIEW_LINE = 10_000_000;

/**
 * A path inside the worktree, relative to its top folder, as git prints it: no NUL, not
 * absolute, no `..` segments. The server passes it after `--` with literal pathspecs (no glob or
 * `:(magic)`), and git itself refuses a path beyond a symbolic link or outside the worktree.
 */
export const repoRelativePathSchema = z
  .string()
  .min(1, 'a path cannot be empty')
  .max(MAX_PATH_LENGTH, `a path is at most ${MAX_PATH_LENGTH} characters`)
  .refine((path) => !path.includes('\0'), 'a path cannot contain NUL')
  .refine((path) => !path.startsWith('/'), 'must be relative to the worktree, not absolute')
  .refine((path) => !/(^|\/)\.\.(\/|$)/.test(path), 'a path cannot contain ".." segments');

/** What a diff compares: since the merge-base with the base branch, or uncommitted work only. */
export const diffAgainstSchema = z.enum(['base', 'head']);

/**
 * `worktrees.diff`: a worktree (or repository) by id or path; `against` 'base' (default): all
 * work since the merge-base with the base branch, committed, staged, unstaged and untracked;
 * 'head': uncommitted only (index and working tree against HEAD, and untracked files).
 */
export const worktreeDiffInput = z
  .object({
    ...worktreeTargetShape,
    against: diffAgainstSchema.default('base'),
    /** Only this file's entry (its patch, or its stat with `stat`). */
    file: repoRelativePathSchema.optional(),
    /** Counts only: no patch text. @default false */
    stat: z.boolean().default(false),
    contextLines: z.int().min(0).max(MAX_DIFF_CONTEXT_LINES).default(DEFAULT_DIFF_CONTEXT_LINES),
  })
  .refine(oneTarget, oneTargetMessage);

/** `worktrees.stage` / `worktrees.unstage`: paths relative to the worktree's top folder. */
export const worktreePathsInput = z
  .object({
    ...worktreeTargetShape,
    paths: z.array(repoRelativePathSchema).min(1, 'name at least one path').max(MAX_STAGE_PATHS),
  })
  .refine(oneTarget, oneTargetMessage);

/** `worktrees.commit`: what is staged, with this message (author and committer from git config). */
export const worktreeCommitInput = z
  .object({
    ...worktreeTargetShape,
    message: z
      .string()
      .max(MAX_COMMIT_MESSAGE_LENGTH, `a commit message is at most ${MAX_COMMIT_MESSAGE_LENGTH} characters`)
      .refine((message) => !message.includes('\0'), 'a commit message cannot contain NUL')
      .refine((message) => message.trim() !== '', 'a commit message cannot be empty'),
  })
  .refine(oneTarget, oneTargetMessage);

/** `worktrees.push`: the worktree's branch to its upstream, or to `origin` (setting it as upstream). */
export const worktreePushInput = z.object(worktreeTargetShape).refine(oneTarget, oneTargetMessage);

/** `worktrees.pullRequest`: `gh pr create` for the worktree's branch into its base branch. */
export const worktreePullRequestInput = z
  .object({
    ...worktreeTargetShape,
    /** @default the subject of the branch's last commit */
    title: z
      .string()
      .trim()
      .min(1, 'a title cannot be empty')
      .max(MAX_PR_TITLE_LENGTH)
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u001f\u007f]+$/, 'a title cannot contain control characters')
      .optional(),
    /** @default empty */
    body: z
      .string()
      .max(MAX_PR_BODY_LENGTH)
      .refine((body) => !body.includes('\0'), 'a body cannot contain NUL')
      .optional(),
  })
  .refine(oneTarget, oneTargetMessage);

/** One comment on a diff: a file, a line range on one side, and what to say about it. */
export const reviewCommentSchema = z
  .object({
    file: repoRelativePathSchema,
    startLine: z.int().min(1).max(MAX_REVIEW_LINE),
    endLine: z.int().min(1).max(MAX_REVIEW_LINE),
    /** 'new': lines of the changed file; 'old': lines as they were before (removed lines). */
    side: z.enum(['old', 'new']),
    text: z
      .string()
      .trim()
      .min(1, 'a comment cannot be empty')
      .max(MAX_REVIEW_COMMENT_LENGTH, `a comment is at most ${MAX_REVIEW_COMMENT_LENGTH} characters`)
      // Tabs and line breaks are text; any other control character would be a key to the agent.
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/, 'a comment cannot contain control characters'),
  })
  .refine((comment) => comment.endLine >= comment.startLine, {
    message: 'endLine cannot be before startLine',
    path: ['endLine'],
  });

/**
 * `worktrees.sendComments`: review comments typed into a session (the agent that made the
 * change) as ONE message, through the injection guard.
 */
export const sendReviewCommentsInput = z.object({
  sessionId: idSchema,
  comments: z.array(reviewCommentSchema).min(1, 'send at least one comment').max(MAX_REVIEW_COMMENTS),
  /** Type it even if the guard finds a destructive pattern in it (audited as forced). */
  force: z.boolean().default(false),
});

export type WorktreeDiffInput = z.output<typeof worktreeDiffInput>;
export type WorktreePathsInput = z.output<typeof worktreePathsInput>;
export type WorktreeCommitInput = z.output<typeof worktreeCommitInput>;
export type WorktreePullRequestInput = z.output<typeof worktreePullRequestInput>;
export type ReviewComment = z.output<typeof reviewCommentSchema>;
export type SendReviewCommentsInput = z.output<typeof sendReviewCommentsInput>;
