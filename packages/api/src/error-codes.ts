import { TRPCError } from '@trpc/server';
import { DomainError, type DomainErrorKind } from './errors.ts';
import { isDatabaseBusy } from './services/database-busy.ts';
import { GitError } from './services/workspace/git/git.ts';
import { gitFailureMessage } from './services/service-errors.ts';

/** The one mapping from a service's refusal to the API's error code (and so its HTTP status). */
const CODES: Record<DomainErrorKind, TRPCError['code']> = {
  bad_input: 'BAD_REQUEST',
  unauthenticated: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  precondition: 'PRECONDITION_FAILED',
  too_many: 'TOO_MANY_REQUESTS',
  too_large: 'PAYLOAD_TOO_LARGE',
  timeout: 'TIMEOUT',
  unavailable: 'SERVICE_UNAVAILABLE',
  internal: 'INTERNAL_SERVER_ERROR',
};

/** What a caller gets instead of an internal error when the database stayed locked. */
export const DATABASE_BUSY_MESSAGE =
  'the database is busy (locked by another process); nothing was changed, try again shortly';

/** A domain error as the TRPCError a client sees: its code, its message, itself as the cause. */
export function domainToTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: CODES[error.kind], message: error.message, cause: error });
}

/**
 * The TRPCError for a procedure's failure, or undefined when tRPC's own answer stands: a domain
 * error gets its code; a database another process kept locked past the busy timeout is a clear,
 * retryable SERVICE_UNAVAILABLE; a git failure no service translated is still the caller's to fix
 * (the repository's state, an odd revision): a 4xx with one short line, not git's whole stderr.
 */
export function toTRPCError(cause: unknown): TRPCError | undefined {
  if (cause instanceof DomainError) return domainToTRPCError(cause);
  if (isDatabaseBusy(cause)) return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_BUSY_MESSAGE, cause });
  if (cause instanceof GitError) {
    return new TRPCError({ code: cause.timedOut ? 'TIMEOUT' : 'PRECONDITION_FAILED', message: gitFailureMessage(cause), cause });
  }
  return undefined;
}

/** A domain error thrown while a stream runs as its TRPCError; anything else unchanged. */
export function toTRPCErrorOrSelf(error: unknown): unknown {
  return error instanceof DomainError ? domainToTRPCError(error) : error;
}
