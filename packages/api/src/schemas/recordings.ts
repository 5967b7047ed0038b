import { z } from 'zod';
import { idSchema } from './common.ts';

/** Largest piece of a recording returned by one `recordings.get`. */
export const MAX_RECORDING_CHUNK_BYTES = 1024 * 1024;

export const recordingGetInput = z.object({
  sessionId: idSchema,
  /** Byte offset to read from (a previous answer's `nextOffset`). @default 0 */
  offset: z.int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** @default MAX_RECORDING_CHUNK_BYTES */
  limit: z.int().min(1).max(MAX_RECORDING_CHUNK_BYTES).default(MAX_RECORDING_CHUNK_BYTES),
});

export const recordingSetInput = z.object({
  sessionId: idSchema,
  /** Start (true) or stop (false) recording this session from now on. */
  enabled: z.boolean(),
});
