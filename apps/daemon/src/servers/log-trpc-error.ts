import { isClientError } from '@rdv/contract';
import type { TRPCError } from '@trpc/server';
import type { DaemonLogger } from '../logger.ts';

/**
 * The single place where tRPC errors are logged: client mistakes quietly, server faults loudly.
 * Inputs and headers never are.
 */
export function logTrpcError(
  logger: DaemonLogger,
  opts: { error: TRPCError; path: string | undefined; type: string },
): void {
  const entry = { code: opts.error.code, path: opts.path, type: opts.type, message: opts.error.message };
  if (isClientError(opts.error.code)) logger.info(entry, 'request refused');
  else logger.error({ ...entry, err: opts.error.cause ?? opts.error }, 'request failed');
}
