import { AGENT_NAMES } from '@rdv/agents';
import { z } from 'zod';
import { idSchema, nameSchema } from './common.ts';
import { worktreeCreateInput } from './worktrees.ts';

/**
 * `exited`: the process ended on its own (or tmux lost it); listed with its exit code until
 * restarted or closed. `closed`: closed by the user. `trashed`: closed with its worktree trashed.
 */
export const SESSION_STATUSES = ['active', 'suspended', 'exited', 'closed', 'trashed'] as const;
export const SESSION_KINDS = ['shell', 'agent'] as const;

/** Terminal sizes a real screen can have; anything else is a client bug or an attack. */
export const MIN_COLS = 2;
export const MAX_COLS = 1000;
export const MIN_ROWS = 2;
export const MAX_ROWS = 500;
export const DEFAULT_COLS = 120;
export const DEFAULT_ROWS = 32;
/** Longest command or exec text accepted in one call. */
export const MAX_COMMAND_LENGTH = 64 * 1024;
export const MAX_EXEC_LENGTH = 1024 * 1024;
export const MAX_ENV_VARS = 200;
export const MAX_SCROLLBACK_LINES = 100_000;
export const DEFAULT_SCROLLBACK_LINES = 1_000;

export const sessionStatusSchema = z.enum(SESSION_STATUSES);
export const sessionKindSchema = z.enum(SESSION_KINDS);

export const colsSchema = z.int().min(MIN_COLS).max(MAX_COLS);
export const rowsSchema = z.int().min(MIN_ROWS).max(MAX_ROWS);

/** An absolute path without NUL bytes; existence is checked by the service. */
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/'), 'must be an absolute path')
  .refine((p) => !p.includes('\0'), 'must not contain NUL bytes');

export const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'environment variable names are letters, digits and "_"')
  .max(128);
export const envValueSchema = z
  .string()
  .max(32 * 1024)
  .refine((v) => !v.includes('\0'), 'environment values must not contain NUL bytes');
export const envSchema = z
  .record(envNameSchema, envValueSchema)
  .refine((env) => Object.keys(env).length <= MAX_ENV_VARS, `at most ${MAX_ENV_VARS} variables`);

/** A command typed into a shell: one line of text, no control characters but tab. */
export const commandSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_COMMAND_LENGTH)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u0008\u000a-\u001f\u007f]*$/, 'a command is one line without control characters');

/** Most sessions one `sessions.list` page holds (a call without `limit` returns every match). */
export const MAX_SESSION_PAGE = 1000;

/** Where a page starts: just after this row in the list's order (pinned first, then oldest). */
export const sessionListAfterSchema = z.object({
  pinned: z.boolean(),
  createdAt: z.iso.datetime(),
  id: idSchema,
});

export const sessionListInput = z
  .object({
    status: z.union([sessionStatusSchema, z.array(sessionStatusSchema).max(SESSION_STATUSES.length)]).optional(),
    folderId: idSchema.nullable().optional(),
    /**
     * A page of at most this many: a long list in several short calls keeps the daemon's event
     * loop free for keystrokes between them. Fewer rows than `limit` means the list is done.
     */
    limit: z.int().min(1).max(MAX_SESSION_PAGE).optional(),
    /** The last row of the previous page (its `pinned`, `createdAt` and `id`). */
    after: sessionListAfterSchema.optional(),
  })
  .optional();

export const agentNameSchema = z.enum(AGENT_NAMES);

export const sessionCreateInput = z.object({
  name: nameSchema.optional(),
  kind: sessionKindSchema.default('shell'),
  /**
   * An agent preset (claude, codex, gemini, opencode): the session is an agent session running
   * the preset's command (unless `command` says otherwise), and Restart can resume it.
   */
  agent: agentNameSchema.optional(),
  /** For agents: the agent's command line, typed once the shell is ready. */
  command: commandSchema.optional(),
  cwd: absolutePathSchema.optional(),
  env: envSchema.optional(),
  cols: colsSchema.default(DEFAULT_COLS),
  rows: rowsSchema.default(DEFAULT_ROWS),
  folderId: idSchema.nullable().optional(),
  /** Create a git worktree for this session and start it there (cwd is then the worktree). */
  worktree: worktreeCreateInput.optional(),
});

export const sessionIdInput = z.object({ id: idSchema });

export const sessionRestartInput = z.object({
  id: idSchema,
  /** Start the agent's command afresh instead of resuming its conversation. */
  fresh: z.boolean().default(false),
});

export const sessionCloseInput = z.object({
  id: idSchema,
  /** Move the session's worktree to the trash (restorable) instead of leaving it in place. */
  trashWorktree: z.boolean().default(false),
});

export const sessionUpdateInput = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  folderId: idSchema.nullable().optional(),
  pinned: z.boolean().optional(),
});

export const sessionExecInput = z.object({
  id: idSchema,
  text: z.string().min(1).max(MAX_EXEC_LENGTH).refine((t) => !t.includes('\0'), 'text must not contain NUL bytes'),
  /** Type it even if it matches a destructive pattern (audited as forced). */
  force: z.boolean().default(false),
});

export const sessionScrollbackInput = z.object({
  id: idSchema,
  lines: z.int().min(1).max(MAX_SCROLLBACK_LINES).default(DEFAULT_SCROLLBACK_LINES),
  colors: z.boolean().default(false),
});

/** An orphaned tmux session: rdv's own naming (`rdv-<id>`); anything else is not rdv's to touch. */
export const orphanNameInput = z.object({
  name: z.string().regex(/^rdv-[A-Za-z0-9_-]{1,64}$/, 'an orphan is named rdv-<id>'),
});
