import { AGENT_NAMES, AGENT_SESSION_ID_PATTERN } from '@rdv/agents';
import { z } from 'zod';

/** What an agent is doing: the value of `Session.agentStatus`. */
export const AGENT_STATUSES = ['running', 'waiting', 'idle', 'error', 'exited'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
export const agentStatusSchema = z.enum(AGENT_STATUSES);

/**
 * Hook events `rdv hook <event>` understands, normalised: lower case without `-`, `_`, `.` or
 * spaces (so `PreToolUse`, `pre-tool-use` and `pre_tool_use` are one event). The first group are
 * Claude Code's hook events (Codex's hooks use the same names), then Gemini CLI's, Codex's
 * notify and OpenCode's bus events (see the README for versions); the statuses themselves work
 * as events for any other agent. "Asking permission" and "waiting for input" are both `waiting`
 * (the message says which).
 */
export const HOOK_EVENT_STATUS = {
  userpromptsubmit: 'running',
  pretooluse: 'running',
  posttooluse: 'running',
  subagentstop: 'running',
  precompact: 'running',
  notification: 'waiting',
  permissionrequest: 'waiting',
  stop: 'idle',
  sessionstart: 'idle',
  sessionend: 'exited',
  stopfailure: 'error',
  // Gemini CLI 0.56 (docs/hooks/reference.md); Notification is its tool-permission alert.
  beforeagent: 'running',
  beforetool: 'running',
  aftertool: 'running',
  precompress: 'running',
  afteragent: 'idle',
  // Codex CLI's notify: its one event, at the end of every turn.
  agentturncomplete: 'idle',
  // OpenCode 1.x bus events, sent by the plugin `rdv hooks install` writes.
  permissionasked: 'waiting',
  permissionupdated: 'waiting',
  questionasked: 'waiting',
  permissionreplied: 'running',
  sessionidle: 'idle',
  sessionerror: 'error',
  running: 'running',
  busy: 'running',
  waiting: 'waiting',
  idle: 'idle',
  error: 'error',
  exited: 'exited',
} as const satisfies Record<string, AgentStatus>;

export type HookEvent = keyof typeof HOOK_EVENT_STATUS;
export const HOOK_EVENTS = Object.keys(HOOK_EVENT_STATUS) as HookEvent[];

/** `PreToolUse` → `pretooluse`. */
export function normalizeHookEvent(event: string): string {
  return event.toLowerCase().replace(/[-_.\s]/g, '');
}

export function isHookEvent(event: string): event is HookEvent {
  return Object.hasOwn(HOOK_EVENT_STATUS, event);
}

/** A hook event name as the agent spells it; normalised, and refused when unknown. */
export const hookEventSchema = z
  .string()
  .min(1)
  .max(64)
  .transform(normalizeHookEvent)
  .refine(isHookEvent, { message: `unknown hook event; known: ${HOOK_EVENTS.join(', ')}` });

/** The status a hook event reports. */
export function statusForHookEvent(event: HookEvent): AgentStatus {
  return HOOK_EVENT_STATUS[event];
}

/** `hooks.report`: what `rdv hook <event>` sends. */
export const hookReportInput = z.object({
  /** From `RDV_SESSION_ID`, which rdv sets in every session. */
  sessionId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'ids contain only letters, digits, "_" and "-"'),
  event: hookEventSchema,
  /** What the agent said (a notification's text); passed on to status subscribers, not stored. */
  message: z.string().max(1_000).optional(),
  /** Which agent's hook this is (`rdv hook --agent`): what Restart resumes. */
  agent: z.enum(AGENT_NAMES).optional(),
  /**
   * The agent's own conversation id (Claude Code's `session_id`, Codex's `thread-id`), stored
   * for Restart's resume flag. Strict, because it ends up on a command line.
   */
  agentSessionId: z
    .string()
    .regex(AGENT_SESSION_ID_PATTERN, 'a conversation id is letters, digits, "_" and "-" (at most 128)')
    .optional(),
});
