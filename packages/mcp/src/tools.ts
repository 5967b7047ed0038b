// The MCP tools, defined once against RdvOps. Inputs are zod shapes (the SDK validates them and
// answers a bad call with a tool error); the API validates again, and its errors come back as
// tool errors too (server.ts).
import { z } from 'zod';
import type { RdvOps } from './ops.ts';

/** Lines `read_scrollback` returns unless asked. */
export const DEFAULT_TOOL_SCROLLBACK_LINES = 200;
export const MAX_TOOL_SCROLLBACK_LINES = 10_000;

/** What a tool returns: JSON for data, plain text for terminal output. */
export type ToolResult = { json: unknown } | { text: string };

export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Shape;
  /** Changes nothing (MCP `readOnlyHint`). */
  readOnly: boolean;
  /** May destroy something (MCP `destructiveHint`). */
  destructive?: boolean;
  run(ops: RdvOps, args: z.output<z.ZodObject<Shape>>): Promise<ToolResult>;
}

/** A tool with its argument type erased, so tools of different shapes fit one list. */
export interface RdvTool extends Omit<ToolDefinition, 'run'> {
  run(ops: RdvOps, args: unknown): Promise<ToolResult>;
}

const json = (value: unknown): ToolResult => ({ json: value });

/** Types `run`'s args by the tool's own shape; the args are parsed with it before every call. */
function tool<Shape extends z.ZodRawShape>(definition: ToolDefinition<Shape>): RdvTool {
  const schema = z.object(definition.input);
  return { ...definition, run: (ops, args) => definition.run(ops, schema.parse(args ?? {})) };
}

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'an rdv id: letters, digits, "_" and "-"');
const absolutePath = z.string().min(1).max(4096).startsWith('/', 'must be an absolute path');
const sessionStatus = z.enum(['active', 'suspended', 'exited', 'closed', 'trashed']);

/** Every tool rdv offers over MCP. */
export const TOOLS: readonly RdvTool[] = [
  tool({
    name: 'list_sessions',
    title: 'List sessions',
    description:
      'List your rdv terminal sessions (shells and agents) with their status and agent status. Filter by status (default: all) and folder.',
    input: {
      status: z
        .union([sessionStatus, z.array(sessionStatus)])
        .optional()
        .describe('active, suspended, exited (ended on its own), closed or trashed'),
      folderId: id
        .nullable()
        .optional()
        .describe('only sessions in this folder; null for sessions in no folder'),
    },
    readOnly: true,
    run: async (ops, args) => json(await ops.listSessions(args)),
  }),
  tool({
    name: 'create_session',
    title: 'Create a session',
    description:
      'Create a persistent terminal session (a tmux session). kind "agent" runs `command` once the shell is ready. Unset options come from the folder\'s preferences.',
    input: {
      name: z.string().min(1).max(100).optional(),
      kind: z.enum(['shell', 'agent']).optional(),
      command: z
        .string()
        .min(1)
        .max(65_536)
        .optional()
        .describe('agents: the command line to start'),
      cwd: absolutePath.optional().describe('working directory (absolute)'),
      folderId: id.nullable().optional(),
      env: z.record(z.string(), z.string()).optional().describe('extra environment variables'),
    },
    readOnly: false,
    run: async (ops, args) => json(await ops.createSession(args)),
  }),
  tool({
    name: 'get_session',
    title: 'Get a session',
    description:
      'One session by id: status, agent status (running, waiting, idle, error, exited) and when it changed, cwd, folder.',
    input: { id },
    readOnly: true,
    run: async (ops, args) => json(await ops.getSession(args)),
  }),
  tool({
    name: 'close_session',
    title: 'Close a session',
    description: 'Close a session: its tmux session and the process in it are killed.',
    input: { id },
    readOnly: false,
    destructive: true,
    run: async (ops, args) => json(await ops.closeSession(args)),
  }),
  tool({
    name: 'exec',
    title: 'Run a command in a session',
    description:
      'Type text into a session and press Enter (literal keys, one at a time per session). Control characters other than newline (carriage return, tab, escape, Ctrl keys) and destructive commands (recursive deletes of / or ~, fork bombs, curl | sh, base64 -d | sh, raw disk writes, mkfs, overwriting /etc/passwd) are refused unless force is true. Every call is audited. Read the output with read_scrollback.',
    input: {
      id,
      text: z
        .string()
        .min(1)
        .max(1024 * 1024),
      force: z.boolean().optional().describe('type it even if it matches a destructive pattern'),
    },
    readOnly: false,
    destructive: true,
    run: async (ops, args) => json(await ops.exec(args)),
  }),
  tool({
    name: 'read_scrollback',
    title: 'Read session output',
    description: `The last lines of a session's terminal (history and screen), as plain text. Default ${DEFAULT_TOOL_SCROLLBACK_LINES} lines.`,
    input: {
      id,
      lines: z.int().min(1).max(MAX_TOOL_SCROLLBACK_LINES).optional(),
    },
    readOnly: true,
    run: async (ops, args) => {
      const result = await ops.scrollback({
        id: args.id,
        lines: args.lines ?? DEFAULT_TOOL_SCROLLBACK_LINES,
      });
      return { text: result.text };
    },
  }),
  tool({
    name: 'search_sessions',
    title: 'Search session output',
    description:
      "Find text in every session's terminal history (live sessions' scrollback) and recordings: literal (default) or a JavaScript regular expression, case-insensitive unless caseSensitive. Returns matching lines with session, line number and where the match is; follow nextCursor for more.",
    input: {
      query: z.string().min(1).max(500).describe('text to find on one line'),
      regex: z.boolean().optional().describe('read query as a regular expression (at most 200 characters)'),
      caseSensitive: z.boolean().optional(),
      folderId: id.optional().describe('only sessions in this folder'),
      sessionId: id.optional().describe('only this session'),
      sources: z
        .array(z.enum(['scrollback', 'recording']))
        .min(1)
        .optional()
        .describe('scrollback (live sessions), recording, or both (default)'),
      cursor: z.string().min(1).max(1024).optional().describe('nextCursor of the previous answer'),
      limit: z.int().min(1).max(500).optional().describe('matches per page (default 50)'),
    },
    readOnly: true,
    run: async (ops, args) => json(await ops.search(args)),
  }),
  tool({
    name: 'list_folders',
    title: 'List folders',
    description:
      'Your folders (they group sessions and carry preferences), as a flat list with parent ids.',
    input: {},
    readOnly: true,
    run: async (ops) => json(await ops.listFolders()),
  }),
  tool({
    name: 'folder_context',
    title: 'Folder context',
    description:
      'A folder with its ancestors, effective preferences (and where each comes from), sessions, worktrees and orchestrators.',
    input: { id },
    readOnly: true,
    run: async (ops, args) => json(await ops.folderContext(args)),
  }),
  tool({
    name: 'create_worktree',
    title: 'Create a git worktree',
    description:
      'Create a git worktree with a new branch (from baseBranch, default HEAD) or an existing one; copies .env files and runs the configured set-up.',
    input: {
      repoPath: absolutePath,
      branch: z.string().min(1).max(200),
      baseBranch: z.string().min(1).max(200).optional(),
      path: absolutePath.optional(),
      runSetup: z.boolean().optional(),
    },
    readOnly: false,
    run: async (ops, args) => json(await ops.createWorktree(args)),
  }),
  tool({
    name: 'worktree_status',
    title: 'Worktree status',
    description:
      'Git status of a worktree (by record id or path): branch, changed and untracked files, commits ahead and behind.',
    input: { id: id.optional(), path: absolutePath.optional() },
    readOnly: true,
    run: async (ops, args) => json(await ops.worktreeStatus(args)),
  }),
  tool({
    name: 'worktree_diff',
    title: 'Worktree diff',
    description:
      "A worktree's changes per file (by record id or path): against 'base' (default: everything since the merge-base with its base branch, committed, staged, unstaged and untracked) or 'head' (uncommitted only). Each file has its status (added, modified, deleted, renamed, untracked...), line counts, how much is staged and git's unified patch; binary files and patches over 256 KiB (4 MiB in all, 1,000 files) come without one. Ask stat: true for counts only, file for one file.",
    input: {
      id: id.optional(),
      path: absolutePath.optional(),
      against: z.enum(['base', 'head']).optional(),
      file: z.string().min(1).max(4096).optional().describe('one file, relative to the worktree'),
      stat: z.boolean().optional().describe('counts only, no patch text'),
      contextLines: z.int().min(0).max(100).optional(),
    },
    readOnly: true,
    run: async (ops, args) => json(await ops.worktreeDiff(args)),
  }),
  tool({
    name: 'worktree_stage',
    title: 'Stage files in a worktree',
    description:
      'Stage files (new, changed or deleted; paths relative to the worktree) for the next worktree_commit. Refused on a conflict or a detached HEAD.',
    input: {
      id: id.optional(),
      path: absolutePath.optional(),
      paths: z.array(z.string().min(1).max(4096)).min(1).max(1_000),
    },
    readOnly: false,
    run: async (ops, args) => json(await ops.worktreeStage(args)),
  }),
  tool({
    name: 'worktree_commit',
    title: 'Commit in a worktree',
    description:
      "Commit what is staged in a worktree (author from git config; the repository's hooks run). Refused with nothing staged, an empty message, a conflict or a detached HEAD. Audited.",
    input: {
      id: id.optional(),
      path: absolutePath.optional(),
      message: z.string().min(1).max(20_000),
    },
    readOnly: false,
    run: async (ops, args) => json(await ops.worktreeCommit(args)),
  }),
  tool({
    name: 'worktree_push',
    title: 'Push a worktree branch',
    description:
      "Push a worktree's branch to its upstream, or to origin (setting it as the upstream). Never forces: refused when the remote has moved on, on a conflict or a detached HEAD. Audited.",
    input: { id: id.optional(), path: absolutePath.optional() },
    readOnly: false,
    run: async (ops, args) => json(await ops.worktreePush(args)),
  }),
  tool({
    name: 'orchestrator_status',
    title: 'Orchestrator status',
    description:
      'Without id: your orchestrators with open insight counts. With id: that orchestrator, the live sessions it watches with their agent status, and insight counts.',
    input: { id: id.optional() },
    readOnly: true,
    run: async (ops, args) =>
      json(args.id ? await ops.getOrchestrator({ id: args.id }) : await ops.listOrchestrators()),
  }),
  tool({
    name: 'list_insights',
    title: 'List insights',
    description:
      'What orchestrators noticed (stall_detected, waiting_for_input, agent_error, agent_exited), newest first, with counts. Default: open ones.',
    input: {
      orchestratorId: id.optional(),
      sessionId: id.optional(),
      type: z
        .enum(['stall_detected', 'waiting_for_input', 'agent_error', 'agent_exited'])
        .optional(),
      severity: z.enum(['info', 'warning', 'critical']).optional(),
      state: z.enum(['open', 'resolved', 'all']).optional(),
      limit: z.int().min(1).max(500).optional(),
    },
    readOnly: true,
    run: async (ops, args) => json(await ops.listInsights(args)),
  }),
  tool({
    name: 'resolve_insight',
    title: 'Resolve an insight',
    description: 'Mark an insight resolved.',
    input: { id },
    readOnly: false,
    run: async (ops, args) => json(await ops.resolveInsight(args)),
  }),
  tool({
    name: 'inject',
    title: 'Inject text through an orchestrator',
    description:
      'Type text + Enter into a session on behalf of an orchestrator. Refused when the orchestrator is paused, the session is outside its scope, or the text is destructive (unless force). Every call is audited.',
    input: {
      orchestratorId: id,
      sessionId: id,
      text: z
        .string()
        .min(1)
        .max(1024 * 1024),
      force: z.boolean().optional(),
    },
    readOnly: false,
    destructive: true,
    run: async (ops, args) => json(await ops.inject(args)),
  }),
];
