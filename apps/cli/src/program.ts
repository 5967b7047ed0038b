import { Command } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { registerAttachCommand } from './commands/attach.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerFolderCommand } from './commands/folder.ts';
import { registerHookCommand } from './commands/hook.ts';
import { registerHooksCommand } from './commands/hooks.ts';
import { registerHostCommand } from './commands/host.ts';
import { registerInsightCommand } from './commands/insight.ts';
import { registerMcpCommand } from './commands/mcp.ts';
import { registerOrchestratorCommand } from './commands/orchestrator.ts';
import { registerPrefCommand } from './commands/pref.ts';
import { registerSearchCommand } from './commands/search.ts';
import { registerServerCommand } from './commands/server.ts';
import { registerSessionCommand } from './commands/session.ts';
import { registerShareCommand } from './commands/share.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerTokenCommand } from './commands/token.ts';
import { registerTrashCommand } from './commands/trash.ts';
import { registerWhoamiCommand } from './commands/whoami.ts';
import { registerWorktreeCommand } from './commands/worktree.ts';
import type { CliContext } from './context.ts';
import { selectHost } from './hosts/select-host.ts';

const HELP_FOOTER = `
Run rdv with no arguments in a terminal for an interactive menu. Ids: a full id, a unique id
prefix (4+ characters) or a name; host:id (gpu:3f2a) is a session on a registered host, as is
any id after --host NAME. Read commands take --json.

Exit codes: 0 ok, 1 error, 2 usage (bad arguments, ambiguous id), 3 not found,
4 daemon not running (or the --host one not connected), 5 token refused; attach exits with the session's exit code.`;

/**
 * Builds the `rdv` command tree. Each command group lives in `commands/<group>.ts` and exports
 * `register<Group>Command(program, ctx)`; this file only lists them.
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command()
    .name('rdv')
    .description('Drive rdv: persistent terminal sessions for AI agents and shells')
    .version(pkg.version)
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    })
    .option('--host <name>', "talk to a registered host's rdv, through this machine's daemon")
    .addHelpText('after', HELP_FOOTER)
    .hook('preAction', (_program, command) =>
      selectHost(ctx, program.opts<{ host?: string }>().host, command),
    );
  registerSessionCommand(program, ctx);
  registerAttachCommand(program, ctx);
  registerFolderCommand(program, ctx);
  registerWorktreeCommand(program, ctx);
  registerSearchCommand(program, ctx);
  registerPrefCommand(program, ctx);
  registerOrchestratorCommand(program, ctx);
  registerInsightCommand(program, ctx);
  registerTrashCommand(program, ctx);
  registerTokenCommand(program, ctx);
  registerShareCommand(program, ctx);
  registerServerCommand(program, ctx);
  registerHostCommand(program, ctx);
  registerAuditCommand(program, ctx);
  registerStatusCommand(program, ctx);
  registerDoctorCommand(program, ctx);
  registerWhoamiCommand(program, ctx);
  registerHookCommand(program, ctx);
  registerHooksCommand(program, ctx);
  registerMcpCommand(program, ctx);
  return program;
}
