import { join } from 'node:path';
import { hasJsonHooks, installJsonHooks, uninstallJsonHooks, type JsonHooksSpec } from './json-hooks.ts';
import type { AgentHookTarget } from './types.ts';

/** Gemini CLI waits this long for a hook (its default is 60 s); `rdv hook` gives up after 2 s. */
const GEMINI_HOOK_TIMEOUT_MS = 5_000;

/**
 * Gemini CLI's hook events (docs/hooks/reference.md, Gemini CLI 0.56): stdin carries
 * `{session_id, transcript_path, cwd, hook_event_name, timestamp}`; Notification adds
 * `notification_type: "ToolPermission"` and `message`. rdv maps BeforeAgent/BeforeTool/AfterTool
 * → working, Notification → asking permission, AfterAgent → finished, SessionStart → idle,
 * SessionEnd → exited. Gemini CLI parses a hook's stdout as JSON: `rdv hook` prints nothing.
 */
const SPEC: JsonHooksSpec = {
  agent: 'gemini',
  events: ['SessionStart', 'BeforeAgent', 'BeforeTool', 'AfterTool', 'Notification', 'AfterAgent', 'SessionEnd'],
  entryFields: { name: 'rdv', timeout: GEMINI_HOOK_TIMEOUT_MS },
};
const WHAT = 'Gemini CLI settings.json';

export const geminiHooks: AgentHookTarget = {
  agent: 'gemini',
  events: SPEC.events,
  path: ({ home }) => join(home, '.gemini', 'settings.json'),
  install: (before, rdvCommand) => installJsonHooks(before, rdvCommand, SPEC, WHAT),
  uninstall: (before) => uninstallJsonHooks(before, SPEC, WHAT),
  isInstalled: (before) => hasJsonHooks(before, SPEC, WHAT),
};
