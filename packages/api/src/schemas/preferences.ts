import { z } from 'zod';
import { idSchema } from './common.ts';
import { safeAbsolutePathSchema } from './paths.ts';
import {
  FONT_SIZE_RANGE,
  HISTORY_LIMIT_RANGE,
  SCROLLBACK_LINES_RANGE,
  TERMINAL_THEMES,
} from '@rdv/contract';

/** Environment variable names: a letter or `_`, then letters, digits or `_`. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAX_PREFERENCE_ENV_VARS = 200;
export const MAX_ENV_NAME_LENGTH = 256;
export const MAX_ENV_VALUE_LENGTH = 32_768;
export const MAX_PREFERENCE_COMMAND_LENGTH = 4096;
export {
  FONT_SIZE_RANGE,
  HISTORY_LIMIT_RANGE,
  isTerminalTheme,
  SCROLLBACK_LINES_RANGE,
  TERMINAL_THEMES,
  type TerminalThemeName,
} from '@rdv/contract';

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

const intIn = (range: { min: number; max: number }, what: string) =>
  z
    .number({ error: `${what} is a whole number from ${range.min} to ${range.max}` })
    .int(`${what} is a whole number from ${range.min} to ${range.max}`)
    .min(range.min, `${what} is at least ${range.min}`)
    .max(range.max, `${what} is at most ${range.max}`);

/** A theme the dashboard can draw; anything else would silently fall back to the default. */
export const terminalThemeSchema = z.enum(TERMINAL_THEMES, {
  error: `the theme is one of: ${TERMINAL_THEMES.join(', ')}`,
});

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
  theme: terminalThemeSchema.nullish(),
  fontSize: intIn(FONT_SIZE_RANGE, 'the font size').nullish(),
  scrollbackLines: intIn(SCROLLBACK_LINES_RANGE, 'scrollback lines').nullish(),
  historyLimit: intIn(HISTORY_LIMIT_RANGE, 'the tmux history limit').nullish(),
  recording: z.boolean().nullish(),
});

/** Which level: null (or omitted) for the user level, a folder id for that folder. */
export const preferenceScopeInput = z.strictObject({ folderId: idSchema.nullable().default(null) });

export const preferenceSetInput = z.strictObject({
  folderId: idSchema.nullable().default(null),
  values: preferenceValuesInput,
});

export type PreferenceValuesInput = z.infer<typeof preferenceValuesInput>;
