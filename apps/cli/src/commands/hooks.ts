import { homedir } from 'node:os';
import { AGENTS, AGENT_NAMES, isAgentName, type AgentName } from '@rdv/agents';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { tildify } from '../format/values.ts';
import { note, print, printJson } from '../output.ts';
import { collect, withJson } from './options.ts';

interface HooksInstallOptions {
  agent?: string[];
  dryRun?: boolean;
  uninstall?: boolean;
  json?: boolean;
  rdvCommand?: string;
}

/** What each agent's hooks can tell rdv; the rest comes from the screen. */
const COVERAGE: Record<AgentName, string> = {
  claude: 'working, asking permission, waiting, finished, exited; conversation id',
  codex: 'finished (end of each turn); conversation id; the rest from the screen',
  gemini: 'working, asking permission, finished, exited; conversation id',
  opencode: 'working, asking permission, waiting, finished, errored; conversation id',
};

/** `rdv hooks install|status`: wire each agent's own hook configuration to `rdv hook`. */
export function registerHooksCommand(program: Command, ctx: CliContext): void {
  const hooks = program
    .command('hooks')
    .description("install agents' hooks that report their state to rdv (rdv hook)");

  withJson(
    hooks
      .command('install')
      .description(
        "write Claude Code's, Codex's, Gemini CLI's and OpenCode's hook configuration so they call `rdv hook` (idempotent; keeps your other settings)",
      ),
  )
    .option('--agent <agent>', `only this agent (${AGENT_NAMES.join(', ')}; repeatable; default: those installed here)`, collect)
    .option('--dry-run', 'show the changes as a unified diff; write nothing')
    .option('--uninstall', 'remove exactly what install added')
    .option('--rdv-command <command>', 'how the hooks run rdv (default: rdv, found on PATH)')
    .action((opts: HooksInstallOptions) => installHooks(ctx, opts));

  withJson(hooks.command('status').description("whether each agent's hooks for rdv are installed")).action(
    async (opts: { json?: boolean }) => {
      const { hookStatus } = await import('@rdv/agents/hook-config');
      const status = await hookStatus(location(ctx));
      if (opts.json) return printJson(ctx, status);
      for (const agent of AGENT_NAMES) {
        print(ctx, `${AGENTS[agent].label.padEnd(12)} ${status[agent] ? 'installed' : 'not installed'}`);
      }
    },
  );
}

async function installHooks(ctx: CliContext, opts: HooksInstallOptions): Promise<void> {
  const { applyHookChanges, detectAgents, planHookChanges } = await import('@rdv/agents/hook-config');
  const where = location(ctx);
  const asked = (opts.agent ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  for (const agent of asked) {
    if (!isAgentName(agent)) throw new CliError(`--agent is one of ${AGENT_NAMES.join(', ')}, not "${agent}"`, ExitCode.usage);
  }
  const agents = asked.length ? (asked as AgentName[]) : await detectAgents(where);
  if (agents.length === 0) {
    throw new CliError(
      `no agent found here (no ~/.claude, ~/.codex, ~/.gemini or ~/.config/opencode, none on PATH); name one with --agent ${AGENT_NAMES.join('|')}`,
      ExitCode.usage,
    );
  }
  const changes = await planHookChanges({
    ...where,
    agents,
    uninstall: opts.uninstall === true,
    ...(opts.rdvCommand ? { rdvCommand: opts.rdvCommand } : {}),
  });
  if (!opts.dryRun) await applyHookChanges(changes);
  if (changes.some((change) => change.action === 'conflict')) ctx.exitCode = ExitCode.error;

  if (opts.json) {
    return printJson(ctx, changes.map(({ before: _b, after: _a, ...change }) => ({ ...change, dryRun: opts.dryRun === true })));
  }
  const home = where.home;
  for (const change of changes) {
    const label = AGENTS[change.agent].label;
    const file = tildify(change.path, home);
    if (opts.dryRun && change.diff) print(ctx, change.diff);
    switch (change.action) {
      case 'install':
        print(ctx, `${label}: ${opts.dryRun ? 'would install' : 'installed'} hooks in ${file} (reports ${COVERAGE[change.agent]})`);
        break;
      case 'remove':
        print(ctx, `${label}: ${opts.dryRun ? 'would remove' : 'removed'} rdv's hooks from ${file}${change.after === null ? ' (and the file, which held nothing else)' : ''}`);
        break;
      case 'unchanged':
        print(ctx, `${label}: ${opts.uninstall ? 'no rdv hooks in' : 'already installed in'} ${file}`);
        break;
      case 'conflict':
        note(ctx, `${label}: left ${file} alone: ${change.message ?? 'it cannot be edited'}`);
        break;
    }
  }
  if (opts.dryRun) note(ctx, 'dry run: nothing was written');
}

/**
 * Before creating an agent session: tell the person when that agent's hooks are not installed
 * (its state then comes from the screen only, and it cannot be resumed after a reboot).
 */
export async function warnWithoutHooks(ctx: CliContext, agent: string): Promise<void> {
  if (!isAgentName(agent)) return;
  try {
    const { hookStatus } = await import('@rdv/agents/hook-config');
    const status = await hookStatus(location(ctx), [agent]);
    if (!status[agent]) {
      note(
        ctx,
        `rdv: ${AGENTS[agent].label}'s hooks for rdv are not installed; run \`rdv hooks install --agent ${agent}\` so rdv hears its state at once and can resume it after a reboot`,
      );
    }
  } catch {
    // A hint only: an unreadable settings file must not stop the session.
  }
}

function location(ctx: CliContext): { home: string; env: NodeJS.ProcessEnv } {
  return { home: ctx.env.HOME || homedir(), env: ctx.env };
}
