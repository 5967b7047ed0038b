// Stand-in agents on a PATH of their own: `claude`, `codex`, `gemini` and `opencode` run the
// scripts in tests/fixtures/agents, and `rdv` runs the built CLI, as an installed rdv would.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_NAMES, type AgentName } from '@rdv/agents';
import { CLI_BIN } from './cli.ts';
import { REPO_ROOT } from './daemon.ts';

export const STANDIN_DIR = join(REPO_ROOT, 'tests/fixtures/agents');

/** What a stand-in logged (see standin-lib.mjs). */
export interface StandinEntry {
  agent: AgentName;
  what: 'start' | 'hook';
  pid: number;
  cwd: string;
  argv?: string[];
  sessionId?: string;
  env?: Record<string, string | undefined>;
  event?: string;
  command?: string;
  code?: number | null;
  stderr?: string;
}

export interface AgentBin {
  /** The folder to put first on PATH. */
  dir: string;
  /** Where the stand-ins log (RDV_STANDIN_LOG). */
  logFile: string;
  entries(): StandinEntry[];
}

/** A temp folder with the four agents' commands and `rdv`. */
export function makeAgentBin(): AgentBin {
  const dir = mkdtempSync(join(tmpdir(), 'rdv-agents-'));
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  for (const agent of AGENT_NAMES) {
    script(agent, `exec '${process.execPath}' '${join(STANDIN_DIR, `${agent}-standin.mjs`)}' "$@"`);
  }
  script('rdv', `exec '${process.execPath}' '${CLI_BIN}' "$@"`);
  const logFile = join(dir, 'standin.log');
  return {
    dir,
    logFile,
    entries: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as StandinEntry)
        : [],
  };
}
