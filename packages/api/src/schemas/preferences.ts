import { z } from 'zod';
import { idSchema } from './common.ts';
import { safeAbsolutePathSchema } from './paths.ts';

/** Environment variable names: a letter or `_`, then letters, digits or `_`. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAX_PREFERENCE_ENV_VARS = 200;
export const MAX_ENV_NAME_LENGTH = 256;
export const MAX_ENV_VALUE_LENGTH = 32_768;
export const MAX_PREFERENCE_COMMAND_LENGTH = 4096;
export const FONT_SIZE_RANGE = { min: 6, max: 72 } as const;
export const SCROLLBACK_LINES_RANGE = { min: 0, max: 100_000 } as const;
export const HISTORY_LIMIT_RANGE = { min: 100, max: 1_000_000 } as const;

const noNul = (value: string) => !value.includes('\0');

/** One level's environment: name → value, or null to unset a variable inherited from above. */
export const preferenceEnvSchema = z
  .record(
    z
      .string()
      .max(
        MAX_ENV_NAME_LENGTH,
        `an environment variable name is at most ${MAX_ENV_NAME_LENGTH} characters`,
      )
      .regex(
        ENV_NAME_PATTERN,
        'an environment variable name is a letter or "_", then letters, digits or "_"',
      ),
    z
      .string()
      .max(
        MAX_ENV_VALUE_LENGTH,
        `an environment value is at most ${MAX_ENV_VALUE_LENGTH} characters`,
      )
      .refine(noNul, 'an environment value cannot contain NUL')
      .nullable(),
  )
  .refine(
    (env) => Object.keys(env).length <= MAX_PREFERENCE_ENV_VARS,
    `at most ${MAX_PREFERENCE_ENV_VARS} environment variables`,
  );

/** A single command line (start-up or agent command). */
const commandSchema = z
  .string()
  .trim()
  .min(1, 'a command cannot be empty (use null to inherit)')
  .max(
    MAX_PREFERENCE_COMMAND_LENGTH,
    `a command is at most ${MAX_PREFERENCE_COMMAND_LENGTH} characters`,
  )
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000\r\n]+$/, 'a command is one line without NUL');

const intIn = (range: { min: number; max: number }) =>
  z.number().int().min(range.min).max(range.max);

/**
 * A patch of one level's preferences. A key left out is untouched; a key set to null is cleared,
 * so that level inherits it again. Unknown keys are refused.
 */
export const preferenceValuesInput = z.strictObject({
  cwd: safeAbsolutePathSchema.nullish(),
  shell: safeAbsolutePathSchema.nullish(),
  startupCommand: commandSchema.nullish(),
  env: preferenceEnvSchema.nullish(),
  agentCommand: commandSchema.nullish(),
  theme: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/,
      'a theme name is 1-64 letters, digits, " ", "_", "." or "-"',
    )
    .nullish(),
  fontSize: intIn(FONT_SIZE_RANGE).nullish(),
  scrollbackLines: intIn(SCROLLBACK_LINES_RANGE).nullish(),
  historyLimit: intIn(HISTORY_LIMIT_RANGE).nullish(),
  recording: z.boolean().nullish(),
});

/** Which level: null (or omitted) for the user level, a folder id for that folder. */
export const preferenceScopeInput = z.strictObject({ folderId: idSchema.nullable().default(null) });

export const preferenceSetInput = z.strictObject({
  folderId: idSchema.nullable().default(null),
  values: preferenceValuesInput,
});

export type PreferenceValuesInput = z.infer<typeof preferenceValuesInput>;
