import { describe, expect, it } from 'vitest';
import { FONT_SIZE_RANGE, preferenceSetInput, TERMINAL_THEMES } from './preferences.ts';

describe('preferenceSetInput', () => {
  it('accepts a partial patch with nulls and env unsets', () => {
    const parsed = preferenceSetInput.parse({
      values: { cwd: '/tmp', env: { A: 'x', B: null }, fontSize: null },
    });
    expect(parsed).toEqual({
      folderId: null,
      values: { cwd: '/tmp', env: { A: 'x', B: null }, fontSize: null },
    });
  });

  it('accepts every theme the dashboard knows, and font sizes at both ends of the range', () => {
    for (const theme of TERMINAL_THEMES)
      expect(preferenceSetInput.parse({ values: { theme } }).values.theme).toBe(theme);
    for (const fontSize of [FONT_SIZE_RANGE.min, FONT_SIZE_RANGE.max])
      expect(preferenceSetInput.parse({ values: { fontSize } }).values.fontSize).toBe(fontSize);
  });

  it('says what a theme or a font size may be', () => {
    const theme = preferenceSetInput.safeParse({ values: { theme: 'purple' } });
    expect(theme.error?.issues[0]?.message).toBe('the theme is one of: default, light');
    const size = preferenceSetInput.safeParse({ values: { fontSize: 100 } });
    expect(size.error?.issues[0]?.message).toBe('the font size is at most 72');
  });

  it.each<[unknown, string]>([
    [{ values: { colour: 'red' } }, 'unknown key'],
    [{ values: { env: { '1BAD': 'x' } } }, 'env name starting with a digit'],
    [{ values: { env: { 'A-B': 'x' } } }, 'env name with a dash'],
    [{ values: { env: { A: 'x\0y' } } }, 'NUL in a value'],
    [{ values: { cwd: 'relative' } }, 'relative cwd'],
    [{ values: { cwd: '/a/../b' } }, '.. in cwd'],
    [{ values: { fontSize: 200 } }, 'font size out of range'],
    [{ values: { fontSize: 'abc' } }, 'font size not a number'],
    [{ values: { fontSize: 12.5 } }, 'font size not whole'],
    [{ values: { theme: 'purple' } }, 'theme the dashboard does not know'],
    [{ values: { theme: '' } }, 'empty theme'],
    [{ values: { scrollbackLines: -1 } }, 'negative scrollback'],
    [{ values: { historyLimit: 10 } }, 'history limit out of range'],
    [{ values: { startupCommand: 'a\nb' } }, 'two-line command'],
    [{ folderId: '../x', values: {} }, 'bad folder id'],
  ])('refuses %j (%s)', (input) => {
    expect(preferenceSetInput.safeParse(input).success).toBe(false);
  });
});
