import { z } from 'zod';
import { idSchema, nameSchema } from './common.ts';

/** Bounds on an orchestrator's timing; the monitor never wakes more often than `[monitoring] interval_seconds`. */
export const MIN_INTERVAL_SECONDS = 1;
export const MAX_INTERVAL_SECONDS = 86_400;
export const MIN_STALL_THRESHOLD_SECONDS = 10;
export const MAX_STALL_THRESHOLD_SECONDS = 7 * 86_400;
export const MAX_NUDGE_LENGTH = 4_096;
export const MAX_INSTRUCTIONS_LENGTH = 16_384;
/** Longest text one injection may type (as `sessions.exec`). */
export const MAX_INJECT_LENGTH = 1024 * 1024;
export const DEFAULT_INSIGHT_LIMIT = 100;
export const MAX_INSIGHT_LIMIT = 500;

export const INSIGHT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type InsightSeverity = (typeof INSIGHT_SEVERITIES)[number];
/** What the monitor reports. */
export const INSIGHT_TYPES = [
  'stall_detected',
  'waiting_for_input',
  'agent_error',
  'agent_exited',
] as const;
export type InsightType = (typeof INSIGHT_TYPES)[number];

/** Text typed into a session: no NUL (tmux cannot send it). */
const injectTextSchema = z
  .string()
  .min(1)
  .max(MAX_INJECT_LENGTH)
  .refine((text) => !text.includes('\0'), 'text must not contain NUL bytes');

const nudgeSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_NUDGE_LENGTH)
  .refine((text) => !text.includes('\0'), 'the nudge must not contain NUL bytes');

const settingsShape = {
  intervalSeconds: z.int().min(MIN_INTERVAL_SECONDS).max(MAX_INTERVAL_SECONDS),
  stallThresholdSeconds: z.int().min(MIN_STALL_THRESHOLD_SECONDS).max(MAX_STALL_THRESHOLD_SECONDS),
  autoIntervention: z.boolean(),
  /** Typed (then Enter) into a stalled session when auto-intervention is on; once per stall. */
  nudgeText: nudgeSchema.nullable(),
  /** Free text for whoever (or whatever agent) drives this orchestrator. */
  instructions: z.string().max(MAX_INSTRUCTIONS_LENGTH).nullable(),
};

export const orchestratorIdInput = z.object({ id: idSchema });

export const orchestratorCreateInput = z.object({
  name: nameSchema,
  /** The folder (and its sub-folders) to watch; null or omitted: all of the user's sessions. */
  folderId: idSchema.nullable().default(null),
  /** @default `[monitoring] interval_seconds` */
  intervalSeconds: settingsShape.intervalSeconds.optional(),
  /** @default `[monitoring] stall_threshold_seconds` */
  stallThresholdSeconds: settingsShape.stallThresholdSeconds.optional(),
  autoIntervention: settingsShape.autoIntervention.default(false),
  nudgeText: settingsShape.nudgeText.optional(),
  instructions: settingsShape.instructions.optional(),
  paused: z.boolean().default(false),
});

/** Omitted keys are untouched; `paused` pauses and resumes. */
export const orchestratorUpdateInput = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  folderId: idSchema.nullable().optional(),
  intervalSeconds: settingsShape.intervalSeconds.optional(),
  stallThresholdSeconds: settingsShape.stallThresholdSeconds.optional(),
  autoIntervention: settingsShape.autoIntervention.optional(),
  nudgeText: settingsShape.nudgeText.optional(),
  instructions: settingsShape.instructions.optional(),
  paused: z.boolean().optional(),
});

export const orchestratorInjectInput = z.object({
  orchestratorId: idSchema,
  sessionId: idSchema,
  text: injectTextSchema,
  /** Type it even if it matches a destructive pattern (audited as forced). */
  force: z.boolean().default(false),
});

export const insightListInput = z
  .object({
    orchestratorId: idSchema.optional(),
    sessionId: idSchema.optional(),
    type: z.enum(INSIGHT_TYPES).optional(),
    severity: z.enum(INSIGHT_SEVERITIES).optional(),
    /** @default 'open' */
    state: z.enum(['open', 'resolved', 'all']).default('open'),
    limit: z.int().min(1).max(MAX_INSIGHT_LIMIT).default(DEFAULT_INSIGHT_LIMIT),
  })
  .default({ state: 'open', limit: DEFAULT_INSIGHT_LIMIT });

export const insightResolveInput = z.object({ id: idSchema });

/** Subscriptions: optionally one folder's sessions; `lastEventId` is set by tRPC on reconnect. */
export const statusStreamInput = z
  .object({
    folderId: idSchema.nullable().optional(),
    lastEventId: z.string().max(64).nullish(),
  })
  .optional();

export const insightStreamInput = z
  .object({
    orchestratorId: idSchema.optional(),
    lastEventId: z.string().max(64).nullish(),
  })
  .optional();
