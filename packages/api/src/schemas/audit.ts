import { z } from 'zod';
import { idSchema } from './common.ts';

export const AUDIT_OUTCOMES = ['success', 'failure', 'refused'] as const;
export const MAX_AUDIT_PAGE = 200;
export const DEFAULT_AUDIT_PAGE = 50;

export const auditOutcomeSchema = z.enum(AUDIT_OUTCOMES);

/** The caller's own audit rows, newest first; `cursor` is the last id of the previous page. */
export const auditListInput = z
  .object({
    /** An action (`sessions.create`) or a dotted prefix of one (`sessions`, `auth`). */
    action: z
      .string()
      .max(64)
      .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'an action is letters, digits, ".", "_" or "-"')
      .optional(),
    outcome: auditOutcomeSchema.optional(),
    /** Exact target, e.g. `session:<id>`. */
    target: z
      .string()
      .max(200)
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u001f\u007f]+$/, 'a target has no control characters')
      .optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.int().min(1).max(MAX_AUDIT_PAGE).default(DEFAULT_AUDIT_PAGE),
    cursor: idSchema.optional(),
  })
  .optional();

export type AuditListInput = z.output<typeof auditListInput>;
