import { Command } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { registerStatusCommand } from './commands/status.ts';
import type { CliContext } from './context.ts';

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
    });
  registerStatusCommand(program, ctx);
  return program;
}
