import { z } from 'zod';
import { idSchema } from './common.ts';
import { colsSchema, rowsSchema } from './sessions.ts';

/** Largest single `terminal.input` (a 1 MB paste fits). */
export const MAX_INPUT_LENGTH = 2 * 1024 * 1024;

/** A browser tab or CLI attach; decides the size while it is the most recently active client. */
export const clientIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

export const terminalAttachInput = z.object({
  sessionId: idSchema,
  clientId: clientIdSchema.optional(),
  cols: colsSchema.optional(),
  rows: rowsSchema.optional(),
  /** Lines of history in the first snapshot. */
  historyLines: z.int().min(0).max(100_000).optional(),
  /** Set by tRPC on reconnect: the id of the last event the client saw. */
  lastEventId: z.string().max(32).nullish(),
});

export const terminalInputInput = z.object({
  sessionId: idSchema,
  clientId: clientIdSchema.optional(),
  data: z.string().min(1).max(MAX_INPUT_LENGTH),
  /** Increasing per client (1, 2, ...): a repeated number is skipped (exactly-once resends). */
  inputSeq: z.int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

export type TerminalInputInput = z.infer<typeof terminalInputInput>;

export const terminalResizeInput = z.object({
  sessionId: idSchema,
  clientId: clientIdSchema.optional(),
  cols: colsSchema,
  rows: rowsSchema,
  /** This client takes charge of the size now ("fit to this device"), as if it had typed. */
  claim: z.boolean().optional(),
});
