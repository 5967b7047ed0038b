import { homedir } from 'node:os';
import type { AgentName } from '@rdv/agents';
import { hookStatus } from '@rdv/agents/hook-config';

/**
 * Whether each agent's hooks for rdv are installed in the home of the user the daemon runs as
 * (the same files `rdv hooks install` edits): the New session dialog offers the command when
 * they are not. Reads only; installing stays with the CLI, at the person's terminal.
 */
export class AgentHookService {
  constructor(private readonly location: { home: string; env: NodeJS.ProcessEnv } = { home: process.env.HOME || homedir(), env: process.env }) {}

  installed(): Promise<Record<AgentName, boolean>> {
    return hookStatus(this.location);
  }
}
