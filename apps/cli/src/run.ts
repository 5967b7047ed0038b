import { CommanderError, type Command } from 'commander';
import type { CliContext } from './context.ts';
import { CliError, ExitCode, isConnectionError, toCliError } from './errors.ts';
import { buildProgram } from './program.ts';

/** Commander's codes for output that is not a failure. */
const SUCCESS_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * Runs the CLI once and returns its exit code; never calls process.exit, so tests can call it
 * with an injected context. Bare `rdv` opens the interactive menu in a terminal and prints the
 * help otherwise. Failures print one line, `rdv: <reason>`, on stderr.
 */
export async function run(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const program = buildProgram(ctx);
  forEachCommand(program, (command) => command.exitOverride());
  try {
    const menuHost = hostOnly(argv);
    if (argv.length === 0 || (menuHost && ctx.interactive)) {
      if (!ctx.interactive) {
        program.outputHelp();
        return ExitCode.ok;
      }
      const { runMenu } = await import('./interactive/menu.ts');
      await runMenu(ctx, menuHost ? { host: menuHost } : {});
      return ctx.exitCode;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      return SUCCESS_CODES.has(error.code) ? ExitCode.ok : ExitCode.usage;
    }
    const failure = failureOf(ctx, error, commandPath(program, argv));
    if (failure.message) ctx.stderr.write(`rdv: ${failure.message}\n`);
    return failure.exitCode;
  }
}

/** `rdv --host NAME` (or `--host=NAME`) and nothing else: the menu on that host. */
function hostOnly(argv: readonly string[]): string | null {
  if (argv.length === 2 && argv[0] === '--host' && argv[1] && !argv[1].startsWith('-'))
    return argv[1];
  if (argv.length === 1 && argv[0]?.startsWith('--host=')) return argv[0].slice(7) || null;
  return null;
}

/** The one line and exit code for `error`; a host's rdv is reached through the home daemon. */
function failureOf(ctx: CliContext, error: unknown, command: string): CliError {
  const { host, apiSocket } = ctx.endpoint;
  if (host && isConnectionError(error))
    return new CliError(
      `host ${host}'s rdv does not answer through the tunnel (${apiSocket}); see rdv host list`,
      ExitCode.daemonDown,
    );
  return toCliError(error, apiSocket, command);
}

/** `rdv folder list` for argv `folder ls --json`: the command's own names, for messages. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names = ['rdv'];
  let command = program;
  for (const arg of argv) {
    const sub = command.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) break;
    names.push(sub.name());
    command = sub;
  }
  return names.join(' ');
}

function forEachCommand(command: Command, fn: (command: Command) => void): void {
  fn(command);
  for (const sub of command.commands) forEachCommand(sub, fn);
}
