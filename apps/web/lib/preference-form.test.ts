import { describe, expect, it } from 'vitest';
import { isNumberPreference, preferenceFieldError } from './preference-form';

describe('preferenceFieldError', () => {
  it('accepts whole numbers in the API range, and empty (inherit)', () => {
    expect(preferenceFieldError('fontSize', 'Font size', '6')).toBeNull();
    expect(preferenceFieldError('fontSize', 'Font size', ' 72 ')).toBeNull();
    expect(preferenceFieldError('fontSize', 'Font size', '')).toBeNull();
    expect(preferenceFieldError('scrollbackLines', 'Scrollback lines', '0')).toBeNull();
    expect(preferenceFieldError('historyLimit', 'tmux history', '1000000')).toBeNull();
  });

  it.each([
    ['fontSize', 'abc'],
    ['fontSize', '12.5'],
    ['fontSize', '5'],
    ['fontSize', '73'],
    ['fontSize', '1e1'],
    ['scrollbackLines', '-1'],
    ['historyLimit', '99'],
  ])('refuses %s = %j and says the range', (key, text) => {
    expect(preferenceFieldError(key, 'Field', text)).toMatch(
      /^Field: a whole number from \d+ to \d+$/,
    );
  });

  it('refuses what the browser itself could not read as a number, even though its value is empty', () => {
    expect(preferenceFieldError('fontSize', 'Font size', '', true)).toBe(
      'Font size: a whole number from 6 to 72',
    );
  });

  it('accepts only the themes the API knows', () => {
    expect(preferenceFieldError('theme', 'Theme', 'light')).toBeNull();
    expect(preferenceFieldError('theme', 'Theme', 'default')).toBeNull();
    expect(preferenceFieldError('theme', 'Theme', '')).toBeNull();
    expect(preferenceFieldError('theme', 'Theme', 'purple')).toBe('Theme: one of default, light');
  });

  it('leaves other fields to the API', () => {
    expect(preferenceFieldError('cwd', 'Working directory', 'relative')).toBeNull();
    expect(isNumberPreference('cwd')).toBe(false);
    expect(isNumberPreference('toString')).toBe(false);
    expect(isNumberPreference('fontSize')).toBe(true);
  });
});
