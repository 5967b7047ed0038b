/** Longest argument shown verbatim in an error message; longer ones (typed text) are cut. */
const MAX_ARG_IN_MESSAGE = 60;

const NO_SERVER = /no server running|error connecting to|server exited unexpectedly/i;
const NO_TARGET = /can't find (session|window|pane)|no such session|session not found/i;

/**
 * The commands of an invocation as one list (`;` between commands) for an error message, which
 * may be logged: env values (`-e NAME=value`) and typed text (`send-keys -l`) are left out.
 */
export function describeCommands(commands: ReadonlyArray<readonly string[]>): string[] {
  const out: string[] = [];
  for (const command of commands) {
    if (out.length > 0) out.push(';');
    const literal = command[0] === 'send-keys' && command.includes('-l');
    command.forEach((arg, i) => {
      if (command[i - 1] === '-e') out.push(`${arg.split('=')[0]}=…`);
      else if (literal && command[i - 1] === '--') out.push(`<${Buffer.byteLength(arg)} bytes>`);
      else out.push(arg);
    });
  }
  return out;
}

/** A failed tmux invocation: its commands (see `describeCommands`), exit code and stderr. */
export class TmuxError extends Error {
  override readonly name = 'TmuxError';
  readonly args: readonly string[];
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly timedOut: boolean;

  constructor(
    args: readonly string[],
    details: { stderr: string; exitCode: number | null; timedOut: boolean; cause?: unknown },
  ) {
    const shown = args.map((a) =>
      a.length > MAX_ARG_IN_MESSAGE ? `${a.slice(0, MAX_ARG_IN_MESSAGE)}…` : a,
    );
    const why = details.timedOut
      ? 'timed out'
      : details.stderr.trim() || `exit code ${details.exitCode}`;
    super(`tmux ${shown.join(' ')}: ${why}`, { cause: details.cause });
    this.args = args;
    this.stderr = details.stderr;
    this.exitCode = details.exitCode;
    this.timedOut = details.timedOut;
  }

  /** No server is listening on the socket: normal when no session exists yet. */
  get isNoServer(): boolean {
    return NO_SERVER.test(this.stderr);
  }

  /**
   * The client reached a server that was exiting (its last session had just closed, and tmux
   * exits when empty): nothing ran, and a new server can start at once.
   */
  get isServerExiting(): boolean {
    return /server exited unexpectedly|lost server/.test(this.stderr);
  }

  /** The target session, window or pane does not exist (or no server, so nothing exists). */
  get isNotFound(): boolean {
    return NO_TARGET.test(this.stderr) || this.isNoServer;
  }
}
