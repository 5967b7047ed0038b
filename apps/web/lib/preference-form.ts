import {
  FONT_SIZE_RANGE,
  HISTORY_LIMIT_RANGE,
  isTerminalTheme,
  SCROLLBACK_LINES_RANGE,
  TERMINAL_THEMES,
} from '@rdv/contract';

/** The numeric preferences and the range the API accepts for each (the form checks the same). */
export const NUMBER_PREFERENCE_RANGES = {
  fontSize: FONT_SIZE_RANGE,
  scrollbackLines: SCROLLBACK_LINES_RANGE,
  historyLimit: HISTORY_LIMIT_RANGE,
} as const satisfies Record<string, { min: number; max: number }>;

export type NumberPreference = keyof typeof NUMBER_PREFERENCE_RANGES;

export function isNumberPreference(key: string): key is NumberPreference {
  return Object.hasOwn(NUMBER_PREFERENCE_RANGES, key);
}

/**
 * What is wrong with a settings field before it is saved, or null when it may be sent. Empty
 * means "inherit" and is always fine. `badInput` is the browser's own verdict on a number
 * input (`validity.badInput`: "1e", "-"), whose `value` then reads as empty.
 */
export function preferenceFieldError(
  key: string,
  label: string,
  text: string,
  badInput = false,
): string | null {
  const value = text.trim();
  if (isNumberPreference(key)) {
    const { min, max } = NUMBER_PREFERENCE_RANGES[key];
    const wanted = `${label}: a whole number from ${min} to ${max}`;
    if (badInput) return wanted;
    if (value === '') return null;
    if (!/^-?\d+$/.test(value)) return wanted;
    const number = Number(value);
    return number < min || number > max ? wanted : null;
  }
  if (key === 'theme' && value !== '' && !isTerminalTheme(value))
    return `${label}: one of ${TERMINAL_THEMES.join(', ')}`;
  return null;
}
