// What a preference may hold, shared by the API's zod schemas and the dashboard's settings form
// (which checks before it saves). No imports, so the browser bundle loads it without zod.

/** The terminal colour themes the dashboard knows; `default` is the dark one. */
export const TERMINAL_THEMES = ['default', 'light'] as const;
export type TerminalThemeName = (typeof TERMINAL_THEMES)[number];

/** True for a theme name the dashboard can draw. */
export function isTerminalTheme(value: unknown): value is TerminalThemeName {
  return typeof value === 'string' && (TERMINAL_THEMES as readonly string[]).includes(value);
}

export const FONT_SIZE_RANGE = { min: 6, max: 72 } as const;
export const SCROLLBACK_LINES_RANGE = { min: 0, max: 100_000 } as const;
export const HISTORY_LIMIT_RANGE = { min: 100, max: 1_000_000 } as const;
