import { join } from 'node:path';
import { parse, stringify } from 'smol-toml';
import { isRdvHookCommand } from './json-hooks.ts';
import { HookConfigError, type AgentHookTarget, type HookEdit } from './types.ts';

/**
 * Codex CLI's `notify` (codex-rs legacy_notify.rs, docs/config.md): Codex runs the argv with one
 * more argument, a JSON object `{"type": "agent-turn-complete", "thread-id", "turn-id", "cwd",
 * "input-messages", "last-assistant-message"}`, at the end of every turn. That is its one event:
 * rdv maps it to finished, and the screen heuristics see the rest (working, approval prompts).
 *
 * config.toml is edited as text (two lines added at the top, where top-level keys must be), so
 * the user's comments and layout survive; smol-toml checks the file before and after.
 */
const MARKER = '# Added by `rdv hooks install`: tells rdv when a Codex turn ends (`rdv hooks install --uninstall` removes it).';
const WHAT = 'Codex config.toml';

function notifyLine(rdvCommand: string): string {
  return `notify = ${stringify({ notify: [...rdvCommand.trim().split(/\s+/), 'hook', '--agent', 'codex'] }).replace(/^notify = /, '').trim()}`;
}

function parseToml(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    return parse(text);
  } catch (error) {
    throw new HookConfigError(`${WHAT} is not valid TOML (${(error as Error).message.split('\n')[0]}); fix it or edit notify by hand`);
  }
}

function isOurNotify(value: unknown): boolean {
  return Array.isArray(value) && value.every((part) => typeof part === 'string') && isRdvHookCommand(value.join(' '), 'codex');
}

function install(before: string | null, rdvCommand: string): HookEdit {
  const notify = parseToml(before).notify;
  if (isOurNotify(notify)) return { after: before };
  if (notify !== undefined) {
    return { after: before, conflict: `${WHAT} already has notify = ${JSON.stringify(notify)}; Codex runs one notify program, so rdv left it alone (chain \`rdv hook --agent codex "$1"\` from your program, or remove yours and install again)` };
  }
  const text = before ?? '';
  const after = `${MARKER}\n${notifyLine(rdvCommand)}\n${text.trim() === '' ? '' : `\n${text}`}`;
  if (!isOurNotify(parseToml(after).notify)) throw new HookConfigError(`${WHAT}: could not add notify`);
  return { after };
}

function uninstall(before: string | null): HookEdit {
  if (before === null || !isOurNotify(parseToml(before).notify)) return { after: before };
  const lines = before.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line === MARKER) continue;
    if (/^\s*notify\s*=/.test(line) && isOurNotify(parseToml(line).notify)) {
      // The blank line install put between its lines and the user's.
      if (kept.length === 0 && lines[i + 1] === '') i += 1;
      continue;
    }
    kept.push(line);
  }
  const after = kept.join('\n');
  return { after: after.trim() === '' ? null : after };
}

export const codexHooks: AgentHookTarget = {
  agent: 'codex',
  events: ['agent-turn-complete'],
  // CODEX_HOME moves Codex's configuration folder.
  path: ({ home, env }) => join(env.CODEX_HOME || join(home, '.codex'), 'config.toml'),
  install,
  uninstall,
  isInstalled: (before) => {
    try {
      return isOurNotify(parseToml(before).notify);
    } catch {
      return false;
    }
  },
};
