/** Longest argument shown verbatim in an error message; longer ones (typed text) are cut. */
const MAX_ARG_IN_MESSAGE = 60;

const NO_SERVER = /no server running|error connecting to|server exited unexpectedly/i;
const NO_TARGET = /can't find (session|window|pane)|no such session|session not found/i;

/** A failed tmux invocation: the argv (without the `-S socket` prefix), exit code and stderr. */
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

  /** The target session, window or pane does not exist (or no server, so nothing exists). */
  get isNotFound(): boolean {
    return NO_TARGET.test(this.stderr) || this.isNoServer;
  }
}
