import type { AgentName } from '../agents.ts';
import { HookConfigError, type HookEdit } from './types.ts';

/**
 * Command hooks in a JSON settings file, the shape Claude Code and Gemini CLI share:
 * `{ "hooks": { "<Event>": [ { "matcher"?: "...", "hooks": [ { "type": "command", "command": "..." } ] } ] } }`.
 * rdv adds one group per event holding its one command, and removes only hook entries whose
 * command is its own, then the groups, event lists and `hooks` object that this left empty.
 */
type JsonObject = Record<string, unknown>;

export interface JsonHooksSpec {
  agent: AgentName;
  events: readonly string[];
  /** Extra fields of rdv's hook entry (Gemini CLI: name and timeout). */
  entryFields?: JsonObject;
}

/** The command rdv's hooks run: `rdv hook --agent claude` (the event comes on stdin). */
export function hookCommand(rdvCommand: string, agent: AgentName): string {
  return `${rdvCommand} hook --agent ${agent}`;
}

/** A command `rdv hooks install` wrote for this agent, whatever the rdv path was. */
export function isRdvHookCommand(command: unknown, agent: AgentName): boolean {
  return typeof command === 'string' && new RegExp(`(^|[\\s/])rdv(\\.js)?\\s+hook\\s+--agent\\s+${agent}$`).test(command.trim());
}

export function parseSettings(text: string | null, what: string): JsonObject {
  if (text === null || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HookConfigError(`${what} is not valid JSON (${(error as Error).message}); fix it or edit its hooks by hand`);
  }
  if (!isObject(value)) throw new HookConfigError(`${what} is not a JSON object`);
  return value;
}

export function installJsonHooks(before: string | null, rdvCommand: string, spec: JsonHooksSpec, what: string): HookEdit {
  const settings = parseSettings(before, what);
  const command = hookCommand(rdvCommand, spec.agent);
  const hooks = settings.hooks === undefined ? {} : settings.hooks;
  if (!isObject(hooks)) throw new HookConfigError(`${what}: "hooks" is not an object`);
  let changed = false;
  for (const event of spec.events) {
    const groups: unknown = hooks[event] ?? [];
    if (!Array.isArray(groups)) throw new HookConfigError(`${what}: hooks.${event} is not a list`);
    if (groups.some((group) => groupHasOurs(group, spec.agent))) continue;
    hooks[event] = [...(groups as unknown[]), { hooks: [{ type: 'command', command, ...spec.entryFields }] }];
    changed = true;
  }
  if (!changed) return { after: before };
  return { after: stringify({ ...settings, hooks }) };
}

export function uninstallJsonHooks(before: string | null, spec: JsonHooksSpec, what: string): HookEdit {
  if (before === null) return { after: null };
  const settings = parseSettings(before, what);
  const hooks = settings.hooks;
  if (!isObject(hooks)) return { after: before };
  let changed = false;
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    const kept: unknown[] = [];
    for (const group of groups) {
      if (!isObject(group) || !Array.isArray(group.hooks) || !groupHasOurs(group, spec.agent)) {
        kept.push(group);
        continue;
      }
      changed = true;
      const rest = group.hooks.filter((entry) => !(isObject(entry) && isRdvHookCommand(entry.command, spec.agent)));
      if (rest.length > 0) kept.push({ ...group, hooks: rest });
    }
    if (kept.length > 0) hooks[event] = kept;
    else delete hooks[event];
  }
  if (!changed) return { after: before };
  if (Object.keys(hooks).length === 0) delete settings.hooks;
  // A file that held nothing but rdv's hooks was made by `install`: take it away again.
  return { after: Object.keys(settings).length === 0 ? null : stringify(settings) };
}

export function hasJsonHooks(before: string | null, spec: JsonHooksSpec, what: string): boolean {
  let settings: JsonObject;
  try {
    settings = parseSettings(before, what);
  } catch {
    return false;
  }
  const hooks = settings.hooks;
  if (!isObject(hooks)) return false;
  return spec.events.every((event) => {
    const groups = hooks[event];
    return Array.isArray(groups) && groups.some((group) => groupHasOurs(group, spec.agent));
  });
}

function groupHasOurs(group: unknown, agent: AgentName): boolean {
  return isObject(group) && Array.isArray(group.hooks) && group.hooks.some((entry) => isObject(entry) && isRdvHookCommand(entry.command, agent));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Two-space JSON with a final newline: how Claude Code and Gemini CLI write their settings. */
function stringify(value: JsonObject): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
