/**
 * Exit codes scripts can rely on; the README lists them. `rdv attach` is the one exception:
 * when the session's process ends, attach exits with that process's code.
 */
export const ExitCode = {
  ok: 0,
  /** Anything else that failed: a conflict, a precondition, a server error. */
  error: 1,
  /** Bad arguments or input (also: an id prefix that matches several things). */
  usage: 2,
  notFound: 3,
  /** The daemon is not running or does not answer on its socket. */
  daemonDown: 4,
  /** The token is missing, invalid, expired or revoked. */
  unauthorized: 5,
} as const;

/** A failure with the one line to print and the exit code to leave with. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.error,
  ) {
    super(message);
  }
}

/** What to tell a person whose daemon is down. */
export const START_HINT = 'start it: rdv server start';

/** What works with the daemon down (straight on rdv's tmux server; see offline/). */
export const OFFLINE_COMMANDS = 'session list, scrollback, exec, attach and status';

/**
 * The daemon is down. With `command` (`rdv folder list`), also why that command cannot run
 * offline: what it needs lives in the daemon's database, not in tmux.
 */
export function daemonDownError(apiSocket: string, command?: string): CliError {
  const why = command
    ? `\`${command}\` needs it (names, folders, worktrees, tokens, orchestrators and the audit log are in its database; offline only ${OFFLINE_COMMANDS} work); `
    : '';
  return new CliError(
    `the daemon is not running (no answer on ${apiSocket}); ${why}${START_HINT}`,
    ExitCode.daemonDown,
  );
}

/** Socket-level failures that mean "nobody is listening" rather than "the call failed". */
const CONNECTION_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTSOCK']);

/** True when `error`, or anything in its cause chain, is a failure to reach the socket. */
export function isConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

interface TrpcErrorShape {
  code: string;
  message: string;
  zodError: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null;
  /** Set on TOO_MANY_REQUESTS: how long to wait before trying again. */
  retryAfterSeconds?: number;
}

/** The tRPC error code, message and zod details of a failed call, if it is one. */
export function trpcErrorOf(error: unknown): TrpcErrorShape | undefined {
  if (!(error instanceof Error)) return undefined;
  const data = (
    error as {
      data?: { code?: unknown; zodError?: TrpcErrorShape['zodError']; retryAfterSeconds?: unknown };
    }
  ).data;
  if (!data || typeof data.code !== 'string') return undefined;
  return {
    code: data.code,
    message: error.message,
    zodError: data.zodError ?? null,
    ...(typeof data.retryAfterSeconds === 'number' && Number.isFinite(data.retryAfterSeconds)
      ? { retryAfterSeconds: data.retryAfterSeconds }
      : {}),
  };
}

/** The input errors zod reported, as one line (`name: too long; cwd: must be absolute`). */
function describeZod(zod: NonNullable<TrpcErrorShape['zodError']>): string {
  const parts = [...(zod.formErrors ?? [])];
  for (const [field, messages] of Object.entries(zod.fieldErrors ?? {})) {
    for (const message of messages ?? []) parts.push(`${field}: ${message}`);
  }
  return parts.join('; ');
}

/** Any thrown value → the CliError to report (message on one line, exit code). */
export function toCliError(error: unknown, apiSocket: string, command?: string): CliError {
  if (error instanceof CliError) return error;
  if (isConnectionError(error)) return daemonDownError(apiSocket, command);
  const trpc = trpcErrorOf(error);
  if (trpc) {
    switch (trpc.code) {
      case 'NOT_FOUND':
        return new CliError(oneLine(trpc.message), ExitCode.notFound);
      case 'UNAUTHORIZED':
        return new CliError(
          `the daemon refused the token (${oneLine(trpc.message)}); check RDV_TOKEN or the cli-token file in RDV_HOME`,
          ExitCode.unauthorized,
        );
      case 'TOO_MANY_REQUESTS': {
        const wait =
          trpc.retryAfterSeconds !== undefined
            ? `retry after ${Math.max(1, Math.ceil(trpc.retryAfterSeconds))} s`
            : oneLine(trpc.message);
        return new CliError(`rate limited; ${wait}`, ExitCode.error);
      }
      case 'BAD_REQUEST':
      case 'PARSE_ERROR': {
        const detail = trpc.zodError ? describeZod(trpc.zodError) : '';
        return new CliError(`invalid input: ${oneLine(detail || trpc.message)}`, ExitCode.usage);
      }
      default:
        return new CliError(oneLine(trpc.message), ExitCode.error);
    }
  }
  return new CliError(
    oneLine(error instanceof Error ? error.message : String(error)),
    ExitCode.error,
  );
}

/** Messages are printed on one line, so scripts can read `2>&1 | tail -1`. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ').trim();
}
