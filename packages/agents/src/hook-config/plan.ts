import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { AGENTS, AGENT_NAMES, type AgentName } from '../agents.ts';
import { claudeHooks } from './claude.ts';
import { codexHooks } from './codex.ts';
import { geminiHooks } from './gemini.ts';
import { opencodeHooks } from './opencode.ts';
import { HookConfigError, type AgentHookTarget, type HookLocation } from './types.ts';

export const HOOK_TARGETS: Record<AgentName, AgentHookTarget> = {
  claude: claudeHooks,
  codex: codexHooks,
  gemini: geminiHooks,
  opencode: opencodeHooks,
};

/** The command hooks run when none is given: `rdv` on the agent's PATH. */
export const DEFAULT_RDV_COMMAND = 'rdv';

/** What `rdv hooks install` will do (or did) to one agent's file. */
export interface HookChange {
  agent: AgentName;
  path: string;
  /** `install`/`remove`: the file changes; `unchanged`: already as wanted; `conflict`: left alone. */
  action: 'install' | 'remove' | 'unchanged' | 'conflict';
  before: string | null;
  after: string | null;
  /** Why a conflict was left alone, or why the file could not be read. */
  message?: string;
  /** The unified diff of the change ("" when nothing changes). */
  diff: string;
}

export interface HookPlanOptions extends HookLocation {
  agents?: readonly AgentName[];
  uninstall?: boolean;
  rdvCommand?: string;
}

/** Reads each agent's file and works out the change, writing nothing. */
export async function planHookChanges(opts: HookPlanOptions): Promise<HookChange[]> {
  const agents = opts.agents?.length ? opts.agents : AGENT_NAMES;
  return Promise.all(agents.map((agent) => planOne(HOOK_TARGETS[agent], opts)));
}

async function planOne(target: AgentHookTarget, opts: HookPlanOptions): Promise<HookChange> {
  const path = target.path(opts);
  const before = await readIfExists(path);
  const base = { agent: target.agent, path, before };
  try {
    const edit = opts.uninstall ? target.uninstall(before) : target.install(before, opts.rdvCommand ?? DEFAULT_RDV_COMMAND);
    if (edit.conflict) return { ...base, action: 'conflict', after: before, message: edit.conflict, diff: '' };
    if (edit.after === before) return { ...base, action: 'unchanged', after: before, diff: '' };
    return { ...base, action: opts.uninstall ? 'remove' : 'install', after: edit.after, diff: unifiedDiff(path, before, edit.after) };
  } catch (error) {
    if (!(error instanceof HookConfigError)) throw error;
    return { ...base, action: 'conflict', after: before, message: error.message, diff: '' };
  }
}

/** Writes the planned files (keeping each file's mode), deleting those whose `after` is null. */
export async function applyHookChanges(changes: readonly HookChange[]): Promise<void> {
  for (const change of changes) {
    if (change.action !== 'install' && change.action !== 'remove') continue;
    if (change.after === null) {
      await rm(change.path, { force: true });
      continue;
    }
    await mkdir(dirname(change.path), { recursive: true });
    const mode = await stat(change.path).then((info) => info.mode & 0o777, () => 0o644);
    await writeFile(change.path, change.after, { mode });
  }
}

/** Whether rdv's hooks are in each agent's file (for the New session dialog and `rdv doctor`). */
export async function hookStatus(location: HookLocation, agents: readonly AgentName[] = AGENT_NAMES): Promise<Record<AgentName, boolean>> {
  const entries = await Promise.all(agents.map(async (agent) => {
    const target = HOOK_TARGETS[agent];
    return [agent, target.isInstalled(await readIfExists(target.path(location)))] as const;
  }));
  return Object.fromEntries(entries) as Record<AgentName, boolean>;
}

function unifiedDiff(path: string, before: string | null, after: string | null): string {
  return createTwoFilesPatch(before === null ? '/dev/null' : path, after === null ? '/dev/null' : path, before ?? '', after ?? '', undefined, undefined, { context: 3 })
    .split('\n')
    .filter((line) => !line.startsWith('Index: ') && !/^=+$/.test(line))
    .join('\n');
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The agents that look installed: their configuration folder exists or their program is on
 * PATH. What `rdv hooks install` edits when no --agent is given, so it does not leave an
 * ~/.gemini behind for someone who never ran Gemini CLI.
 */
export async function detectAgents(location: HookLocation): Promise<AgentName[]> {
  const pathDirs = (location.env.PATH ?? '').split(':').filter(Boolean);
  const found = await Promise.all(AGENT_NAMES.map(async (agent) => {
    const configDir = dirname(HOOK_TARGETS[agent].path(location));
    // OpenCode's file sits in plugins/ below its configuration folder.
    const folder = agent === 'opencode' ? dirname(configDir) : configDir;
    if (await isDirectory(folder)) return agent;
    for (const dir of pathDirs) {
      if (await stat(`${dir}/${AGENTS[agent].command}`).then((info) => info.isFile(), () => false)) return agent;
    }
    return null;
  }));
  return found.filter((agent): agent is AgentName => agent !== null);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isDirectory(), () => false);
}
