import { join } from 'node:path';
import { hasJsonHooks, installJsonHooks, uninstallJsonHooks, type JsonHooksSpec } from './json-hooks.ts';
import type { AgentHookTarget } from './types.ts';

/**
 * Claude Code's hook events (code.claude.com/docs/en/hooks, Claude Code 2.x): each hook gets
 * `{session_id, transcript_path, cwd, hook_event_name, ...}` on stdin; Notification adds
 * `message`. rdv maps them: UserPromptSubmit/PreToolUse/PostToolUse → working,
 * PermissionRequest → asking permission, Notification → waiting for input, Stop → finished,
 * SessionStart → idle, SessionEnd → exited.
 */
const SPEC: JsonHooksSpec = {
  agent: 'claude',
  events: ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PermissionRequest', 'Notification', 'Stop', 'SessionEnd'],
};
const WHAT = 'Claude Code settings.json';

export const claudeHooks: AgentHookTarget = {
  agent: 'claude',
  events: SPEC.events,
  // CLAUDE_CONFIG_DIR moves Claude Code's whole configuration folder.
  path: ({ home, env }) => join(env.CLAUDE_CONFIG_DIR || join(home, '.claude'), 'settings.json'),
  install: (before, rdvCommand) => installJsonHooks(before, rdvCommand, SPEC, WHAT),
  uninstall: (before) => uninstallJsonHooks(before, SPEC, WHAT),
  isInstalled: (before) => hasJsonHooks(before, SPEC, WHAT),
};
