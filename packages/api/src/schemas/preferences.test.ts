import { describe, expect, it } from 'vitest';
import { preferenceSetInput } from './preferences.ts';

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

  it.each<[unknown, string]>([
    [{ values: { colour: 'red' } }, 'unknown key'],
    [{ values: { env: { '1BAD': 'x' } } }, 'env name starting with a digit'],
    [{ values: { env: { 'A-B': 'x' } } }, 'env name with a dash'],
    [{ values: { env: { A: 'x\0y' } } }, 'NUL in a value'],
    [{ values: { cwd: 'relative' } }, 'relative cwd'],
    [{ values: { cwd: '/a/../b' } }, '.. in cwd'],
    [{ values: { fontSize: 200 } }, 'font size out of range'],
    [{ values: { historyLimit: 10 } }, 'history limit out of range'],
    [{ values: { startupCommand: 'a\nb' } }, 'two-line command'],
    [{ folderId: '../x', values: {} }, 'bad folder id'],
  ])('refuses %j (%s)', (input) => {
    expect(preferenceSetInput.safeParse(input).success).toBe(false);
  });
});
