import { describe, expect, it } from 'vitest';
import { parseQualifiedRef, qualifyId } from './qualified-id.ts';

describe('parseQualifiedRef', () => {
  it('splits a host name from the id', () => {
    expect(parseQualifiedRef('gpu:3f2a')).toEqual({ host: 'gpu', ref: '3f2a' });
    expect(parseQualifiedRef('gpu-2:my-session')).toEqual({ host: 'gpu-2', ref: 'my-session' });
  });

  it('leaves plain refs and what no host could be called alone', () => {
    for (const value of ['3f2a', ':3f2a', 'gpu:', 'GPU:3f2a', 'a b:c', '-x:y']) {
      expect(parseQualifiedRef(value)).toEqual({ host: null, ref: value });
    }
  });

  it('keeps colons after the first in the ref', () => {
    expect(parseQualifiedRef('gpu:a:b')).toEqual({ host: 'gpu', ref: 'a:b' });
  });

  it('qualifies only remote ids', () => {
    expect(qualifyId('gpu', 'abc')).toBe('gpu:abc');
    expect(qualifyId(null, 'abc')).toBe('abc');
  });
});
