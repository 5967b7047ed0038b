import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { ExitCode } from '../errors.ts';
import { runChecks, type Check } from '../doctor/checks.ts';
import { printable } from '../format/table.ts';
import { print, printJson, type JsonOption } from '../output.ts';
import { withJson } from './options.ts';

const MARKS: Record<Check['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

/** `rdv doctor`: what is wrong with this installation and how to fix it. */
export function registerDoctorCommand(program: Command, ctx: CliContext): void {
  withJson(
    program
      .command('doctor')
      .description('check tmux, git, permissions, tokens, the database and the daemon'),
  ).action(async (opts: JsonOption) => {
    const checks = await runChecks(ctx);
    const failed = checks.filter((check) => check.status === 'fail');
    if (failed.length) ctx.exitCode = ExitCode.error;
    if (opts.json) return printJson(ctx, { ok: failed.length === 0, checks });
    const width = Math.max(...checks.map((check) => check.name.length));
    for (const check of checks) {
      print(ctx, `${MARKS[check.status]}  ${check.name.padEnd(width)}  ${printable(check.detail)}`);
      if (check.status !== 'ok' && check.fix)
        print(ctx, `      ${' '.repeat(width)}  fix: ${check.fix}`);
    }
    print(ctx, failed.length ? `\n${failed.length} problem(s) found` : '\nall good');
  });
}
