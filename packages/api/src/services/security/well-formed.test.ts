import { describe, expect, it } from 'vitest';
import { assertWellFormedInput, MAX_INPUT_DEPTH } from './well-formed.ts';

describe('assertWellFormedInput', () => {
  it('accepts ordinary input, emoji (surrogate pairs) included', () => {
    expect(() => assertWellFormedInput({ name: 'café 🚀', list: ['a', { b: 1 }], n: null })).not.toThrow();
    expect(() => assertWellFormedInput(undefined)).not.toThrow();
  });

  it('refuses lone surrogates anywhere, keys included', () => {
    expect(() => assertWellFormedInput({ name: 'x\ud800' })).toThrow(/well-formed Unicode/);
    expect(() => assertWellFormedInput({ a: [{ b: '\udfffx' }] })).toThrow(/well-formed Unicode/);
    expect(() => assertWellFormedInput({ ['k\ud83d']: 1 })).toThrow(/well-formed Unicode/);
  });

  it('refuses absurd nesting', () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH + 1; i++) deep = { a: deep };
    expect(() => assertWellFormedInput(deep)).toThrow(/nested deeper/);
  });
});
