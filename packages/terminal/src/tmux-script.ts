// How rdv hands commands to tmux: as a command file on the client's stdin (`source-file -`),
// never in argv. A process's argv is world-readable (/proc/<pid>/cmdline, `ps`) and the tmux
// server keeps its first client's argv for life, so env values (API keys), typed text and paths
// must not be there. Each argument is octal-quoted, so tmux's parser reaches the command with
// exactly these bytes: no `$`/`~` expansion, no `;` split, no comment, newlines included.
import { octalQuoted } from './control-protocol.ts';

/**
 * argv of a tmux client that runs the script on its stdin. `startServer`: also start the server
 * (only `new-session` needs one; a query must not start a server that was not running).
 */
export function scriptArgv({ startServer }: { startServer: boolean }): string[] {
  return startServer ? ['start-server', ';', 'source-file', '-'] : ['source-file', '-'];
}

/** One argument, quoted for tmux's command parser; refuses NUL (tmux would cut the value there). */
export function scriptArg(arg: string): string {
  if (arg.includes('\0')) throw new RangeError('a tmux argument cannot hold a NUL byte');
  return octalQuoted(Buffer.from(arg, 'utf8'));
}

/**
 * The commands as ONE line joined by `;`: tmux runs one line as one group, so a failing command
 * skips the rest (as a chained argv did) and the client exits non-zero with tmux's message.
 */
export function tmuxScript(commands: ReadonlyArray<readonly string[]>): string {
  return `${commands.map((command) => command.map(scriptArg).join(' ')).join(' ; ')}\n`;
}

/**
 * tmux expands formats (`#{...}`, and `#(...)`, which RUNS a shell command) in some arguments:
 * `new-session -c` and `-s`, `new-window -c`/`-n`, `display-message`'s message, `-F` values.
 * `##` is a literal `#`, so this makes any value literal there. Quoting cannot do it: formats
 * are expanded by the command, after parsing.
 */
export function formatLiteral(value: string): string {
  return value.replaceAll('#', '##');
}
