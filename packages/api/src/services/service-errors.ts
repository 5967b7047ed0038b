import { TRPCError } from '@trpc/server';
import { GitError } from './workspace/git/git.ts';
import { PathRefusedError } from './workspace/path-confinement.ts';

type ErrorCode = TRPCError['code'];

/**
 * Turns the low-level errors of the file-system and git helpers into TRPCErrors: a refused
 * path is FORBIDDEN when it is outside the allowed roots and BAD_REQUEST otherwise; a git
 * failure gets `code` and a message naming what was being done. Anything else passes through.
 */
export function toTRPCError(error: unknown, code: ErrorCode, doing: string): unknown {
  if (error instanceof TRPCError) return error;
  if (error instanceof PathRefusedError) {
    return new TRPCError({
      code: error.reason === 'outside_roots' ? 'FORBIDDEN' : 'BAD_REQUEST',
      message: error.message,
      cause: error,
    });
  }
  if (error instanceof GitError) return gitFailureError(error, code, doing);
  return error;
}

/**
 * A git failure as a client sees it: a 4xx (TIMEOUT when git ran too long) with one short line,
 * never git's whole stderr. `doing` says what rdv was doing, when the caller knows.
 */
export function gitFailureError(error: GitError, code: ErrorCode = 'PRECONDITION_FAILED', doing?: string): TRPCError {
  const message = doing ? `${doing.slice(0, 120)}: ${error.summary}` : error.summary;
  return new TRPCError({ code: error.timedOut ? 'TIMEOUT' : code, message, cause: error });
}

/** Runs `fn`, converting its failures with `toTRPCError`. */
export async function translating<T>(
  code: ErrorCode,
  doing: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toTRPCError(error, code, doing);
  }
}
