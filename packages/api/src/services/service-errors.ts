import {
  BadInputError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PreconditionError,
  TimeoutError,
} from '../errors.ts';
import { GitError } from './workspace/git/git.ts';
import { PathRefusedError } from './workspace/path-confinement.ts';

/** The refusal a failed step becomes; `internal` leaves a git failure to the API's mapping. */
export type FailureKind = 'bad_input' | 'not_found' | 'conflict' | 'precondition' | 'internal';

const REFUSALS = {
  bad_input: BadInputError,
  not_found: NotFoundError,
  conflict: ConflictError,
  precondition: PreconditionError,
} as const;

/**
 * Turns the low-level errors of the file-system and git helpers into domain errors: a refused
 * path is forbidden when it is outside the allowed roots and bad input otherwise; a git failure
 * becomes `kind` with a message naming what was being done. Anything else passes through.
 */
export function toDomainError(error: unknown, kind: FailureKind, doing: string): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof PathRefusedError) {
    const Refusal = error.reason === 'outside_roots' ? ForbiddenError : BadInputError;
    return new Refusal(error.message, { cause: error });
  }
  if (error instanceof GitError) {
    // An `internal` git failure that did not time out is left as is: the API answers any
    // untranslated git failure with PRECONDITION_FAILED and git's summary (gitFailureMessage).
    if (kind === 'internal' && !error.timedOut) return error;
    const message = gitFailureMessage(error, doing);
    if (error.timedOut) return new TimeoutError(message, { cause: error });
    return new REFUSALS[kind as Exclude<FailureKind, 'internal'>](message, { cause: error });
  }
  return error;
}

/**
 * A git failure as a client sees it: one short line, never git's whole stderr. `doing` says what
 * rdv was doing, when the caller knows.
 */
export function gitFailureMessage(error: GitError, doing?: string): string {
  return doing ? `${doing.slice(0, 120)}: ${error.summary}` : error.summary;
}

/** Runs `fn`, converting its failures with `toDomainError`. */
export async function translating<T>(kind: FailureKind, doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toDomainError(error, kind, doing);
  }
}
