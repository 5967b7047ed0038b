import type { AgentName } from '../agents.ts';

/** Where an agent's configuration lives: the home folder and the environment that moves it. */
export interface HookLocation {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** What installing (or removing) rdv's hooks does to one agent's file. */
export interface HookEdit {
  /** The file's new text; null deletes the file (it held only what rdv had added). */
  after: string | null;
  /** Why nothing was changed although rdv's hooks are not there (the user's own notify, say). */
  conflict?: string;
}

/** One agent's hook configuration file and how rdv edits it. */
export interface AgentHookTarget {
  agent: AgentName;
  /** The file rdv edits. */
  path(location: HookLocation): string;
  /** The text with rdv's hooks added; the same text when they are there already. */
  install(before: string | null, rdvCommand: string): HookEdit;
  /** The text without what `install` added, and nothing else removed. */
  uninstall(before: string | null): HookEdit;
  /** True when rdv's hooks are in the text. */
  isInstalled(before: string | null): boolean;
  /** What the hooks report, for `rdv hooks install` and the README. */
  events: readonly string[];
}

/** Thrown when an agent's file cannot be read as what it should be (invalid JSON or TOML). */
export class HookConfigError extends Error {
  override readonly name = 'HookConfigError';
}
