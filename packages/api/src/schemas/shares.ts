import { z } from 'zod';
import { idSchema, nameSchema } from './common.ts';

/** Shortest and longest lifetime of a share link, and the default (one hour). */
export const MIN_SHARE_LIFETIME_SECONDS = 5 * 60;
export const MAX_SHARE_LIFETIME_SECONDS = 7 * 24 * 3600;
export const DEFAULT_SHARE_LIFETIME_SECONDS = 3600;
/** A label says who the link is for ("pairing with Sam"); short, one line. */
export const MAX_SHARE_LABEL_LENGTH = 80;

export const shareLabelSchema = nameSchema.max(
  MAX_SHARE_LABEL_LENGTH,
  `a label is at most ${MAX_SHARE_LABEL_LENGTH} characters`,
);

export const shareCreateInput = z.object({
  sessionId: idSchema,
  label: shareLabelSchema,
  expiresInSeconds: z
    .int()
    .min(MIN_SHARE_LIFETIME_SECONDS, 'a share link lasts at least 5 minutes')
    .max(MAX_SHARE_LIFETIME_SECONDS, 'a share link lasts at most 7 days')
    .default(DEFAULT_SHARE_LIFETIME_SECONDS),
});

/** Every link of the caller, or those of one session. */
export const shareListInput = z.object({ sessionId: idSchema.optional() }).optional();

export const shareRevokeInput = z.object({ id: idSchema });

/** A viewer's stream: the secret travels in the message body, never in a URL. */
export const shareWatchInput = z.object({
  secret: z.string().min(1).max(128),
  /** Lines of history in the first snapshot. */
  historyLines: z.int().min(0).max(10_000).optional(),
  /** Set by tRPC on reconnect: the id of the last event the viewer saw. */
  lastEventId: z.string().max(32).nullish(),
});
