import { z } from 'zod';
import { idSchema } from './common.ts';

/** Hex characters of a prompt id (a SHA-256 prefix of the prompt's lines). */
export const PROMPT_ID_LENGTH = 16;
/** Longest typed reply to a question. */
export const MAX_REPLY_LENGTH = 2_000;

export const promptIdSchema = z
  .string()
  .regex(
    new RegExp(`^[0-9a-f]{${PROMPT_ID_LENGTH}}$`),
    `a prompt id is ${PROMPT_ID_LENGTH} lowercase hex characters, from sessions.prompt or a status change`,
  );

/** Typed key by key: a newline would press Enter early, an escape would start a sequence. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\x00-\x1f\x7f-\x9f]/;

/** How to answer: a permission menu's approve or deny, or a typed one-line reply (then Enter). */
export const answerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve') }),
  z.object({ kind: z.literal('deny') }),
  z.object({
    kind: z.literal('reply'),
    text: z
      .string()
      .max(MAX_REPLY_LENGTH)
      .refine(
        (t) => !CONTROL_CHARACTER.test(t),
        'a reply is one line of text without control characters',
      ),
  }),
]);

/**
 * `sessions.answer`: answers the prompt `promptId` on the session's screen. Kept small on
 * purpose: a notification action (the service worker) sends exactly this.
 */
export const sessionAnswerInput = z.object({
  sessionId: idSchema,
  promptId: promptIdSchema,
  answer: answerSchema,
});

/** `sessions.prompt`: reads the session's screen now. */
export const sessionPromptInput = z.object({ id: idSchema });
