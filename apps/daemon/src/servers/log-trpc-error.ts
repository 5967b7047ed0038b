import type { TRPCError } from '@trpc/server';
import type { DaemonLogger } from '../logger.ts';

/** Client mistakes are logged quietly; server faults loudly. Inputs and headers never are. */
const CLIENT_ERRORS = new Set([
  'BAD_REQUEST',
  'PARSE_ERROR',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'METHOD_NOT_SUPPORTED',
  'TOO_MANY_REQUESTS',
  'CLIENT_CLOSED_REQUEST',
]);

/** The single place where tRPC errors are logged. */
export function logTrpcError(
  logger: DaemonLogger,
  opts: { error: TRPCError; path: string | undefined; type: string },
): void {
  const entry = { code: opts.error.code, path: opts.path, type: opts.type, message: opts.error.message };
  if (CLIENT_ERRORS.has(opts.error.code)) logger.info(entry, 'request refused');
  else logger.error({ ...entry, err: opts.error.cause ?? opts.error }, 'request failed');
}
