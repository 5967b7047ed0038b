/**
 * The coding agents rdv knows by name: how to start one, how to resume its conversation, and how
 * its hooks reach `rdv hook`. Pure data (no Node imports), so the dashboard can import it too.
 *
 * Checked against: Claude Code 2.x hooks docs, Codex CLI (codex-rs `notify`, `codex resume`),
 * Gemini CLI 0.56 (docs/hooks, `gemini --resume <uuid>`), OpenCode 1.x plugins (`--session`).
 */
export const AGENT_NAMES = ['claude', 'codex', 'gemini', 'opencode'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/**
 * An agent's own conversation id as rdv accepts it: UUIDs (Claude Code, Codex, Gemini CLI) and
 * OpenCode's `ses_…` ids. Strict because it is typed onto a shell command line at restart: no
 * quotes, spaces, `$` or `;` can ever pass.
 */
export const AGENT_SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function isAgentName(value: string): value is AgentName {
  return (AGENT_NAMES as readonly string[]).includes(value);
}

export function isAgentSessionId(value: string): boolean {
  return AGENT_SESSION_ID_PATTERN.test(value);
}

/** How an agent tells rdv what it is doing. */
export type HookMechanism =
  /** Command hooks in a JSON settings file (Claude Code, Gemini CLI). */
  | 'settings-hooks'
  /** `notify = [argv]` in config.toml: one event, at the end of each turn (Codex CLI). */
  | 'notify'
  /** A JavaScript plugin that OpenCode loads at start-up and that runs `rdv hook`. */
  | 'plugin';

export interface AgentPreset {
  name: AgentName;
  /** As the agent's makers spell it. */
  label: string;
  /** The command line a new session types. */
  command: string;
  hooks: HookMechanism;
  /** The flag or subcommand that resumes a conversation, for the docs and the dialog. */
  resumeHint: string;
}

export const AGENTS: Record<AgentName, AgentPreset> = {
  claude: { name: 'claude', label: 'Claude Code', command: 'claude', hooks: 'settings-hooks', resumeHint: 'claude --resume <id>' },
  codex: { name: 'codex', label: 'Codex CLI', command: 'codex', hooks: 'notify', resumeHint: 'codex resume <id>' },
  gemini: { name: 'gemini', label: 'Gemini CLI', command: 'gemini', hooks: 'settings-hooks', resumeHint: 'gemini --resume <id>' },
  opencode: { name: 'opencode', label: 'OpenCode', command: 'opencode', hooks: 'plugin', resumeHint: 'opencode --session <id>' },
};

/**
 * The command line that resumes conversation `id` of `agent`, given the command the session was
 * started with: its own flags are kept when it runs that agent; otherwise (a shell session in
 * which the person started the agent, another agent's preset) the agent's plain command is the
 * base. Throws on an id that is not AGENT_SESSION_ID_PATTERN, so nothing unchecked reaches a shell.
 */
export function resumeCommand(agent: AgentName, command: string, id: string): string {
  if (!isAgentSessionId(id)) throw new Error(`not a valid ${agent} conversation id: ${JSON.stringify(id)}`);
  const program = command.trim().split(/\s+/)[0] ?? '';
  const runsAgent = program.split('/').pop() === AGENTS[agent].command;
  const base = runsAgent ? command.trim() : AGENTS[agent].command;
  switch (agent) {
    case 'claude':
    case 'gemini':
      return `${base} --resume ${id}`;
    case 'opencode':
      return `${base} --session ${id}`;
    case 'codex': {
      // `resume` is a subcommand: it goes right after the program, before the user's flags.
      const [program = 'codex', ...rest] = base.split(/\s+/);
      return [program, 'resume', id, ...rest].join(' ');
    }
  }
}
