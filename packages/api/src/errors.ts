// What the services throw when they refuse: domain errors that know nothing of tRPC. trpc.ts maps
// them to TRPCError codes in one place (`toTRPCError`), so the services can be called from
// anywhere (the daemon, tests) and the wire codes stay the API's decision.

/** Why a call was refused; trpc.ts maps each kind to one TRPCError code. */
export type DomainErrorKind =
  | 'bad_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition'
  | 'too_many'
  | 'too_large'
  | 'timeout'
  | 'unavailable'
  | 'internal';

/** A refusal with a message meant for the caller. */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

/** The input is wrong (a missing directory, a bad branch name): fix it and call again. */
export class BadInputError extends DomainError {
  override readonly name: string = 'BadInputError';
  readonly kind = 'bad_input';
}

/** No valid credential. */
export class UnauthenticatedError extends DomainError {
  override readonly name: string = 'UnauthenticatedError';
  readonly kind = 'unauthenticated';
}

/** The caller may not do this (a path outside the allowed roots, a route not for its token). */
export class ForbiddenError extends DomainError {
  override readonly name: string = 'ForbiddenError';
  readonly kind = 'forbidden';
}

/** The thing named does not exist (or is not the caller's). */
export class NotFoundError extends DomainError {
  override readonly name: string = 'NotFoundError';
  readonly kind = 'not_found';
}

/** The call would clash with what exists (a name or a path already taken). */
export class ConflictError extends DomainError {
  override readonly name: string = 'ConflictError';
  readonly kind = 'conflict';
}

/** The thing is not in a state that allows this (a session that is not live, a dirty worktree). */
export class PreconditionError extends DomainError {
  override readonly name: string = 'PreconditionError';
  readonly kind = 'precondition';
}

/** A limit is used up (open subscriptions, a call budget): close something or wait. */
export class TooManyRequestsError extends DomainError {
  override readonly name: string = 'TooManyRequestsError';
  readonly kind = 'too_many';
}

/** What was sent is larger than a configured limit (an upload over `[files] upload_max_mb`). */
export class PayloadTooLargeError extends DomainError {
  override readonly name: string = 'PayloadTooLargeError';
  readonly kind = 'too_large';
}

/** Something rdv ran (git) took too long. */
export class TimeoutError extends DomainError {
  override readonly name: string = 'TimeoutError';
  readonly kind = 'timeout';
}

/** A resource is busy for now (the database locked by another process): try again shortly. */
export class UnavailableError extends DomainError {
  override readonly name: string = 'UnavailableError';
  readonly kind = 'unavailable';
}

/** A fault in rdv or in what it stored (a corrupt row): the message says which. */
export class InternalError extends DomainError {
  override readonly name: string = 'InternalError';
  readonly kind = 'internal';
}
