import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.ts';
import { describeDetachKey, DetachMatcher, parseDetachKey } from './detach-keys.ts';

describe('parseDetachKey', () => {
  it('maps ctrl-<key> to its control byte', () => {
    expect(parseDetachKey('ctrl-]')).toBe('\x1d');
    expect(parseDetachKey('Ctrl-Q')).toBe('\x11');
    expect(parseDetachKey('ctrl-\\')).toBe('\x1c');
    expect(parseDetachKey('^x')).toBe('\x18');
    expect(parseDetachKey('none')).toBe('');
  });

  it('refuses keys that have no control byte', () => {
    expect(() => parseDetachKey('ctrl-1')).toThrow(CliError);
    expect(() => parseDetachKey('alt-x')).toThrow(CliError);
  });

  it('describes keys for messages', () => {
    expect(describeDetachKey('\x1d')).toBe('Ctrl-] (or Ctrl-b d)');
    expect(describeDetachKey('')).toBe('Ctrl-b d');
  });
});

describe('DetachMatcher', () => {
  it('passes ordinary input through', () => {
    expect(new DetachMatcher('\x1d').feed('ls -la\r')).toEqual({
      forward: 'ls -la\r',
      detach: false,
    });
  });

  it('detaches on the key and forwards what came before it', () => {
    expect(new DetachMatcher('\x1d').feed('abc\x1ddef')).toEqual({ forward: 'abc', detach: true });
  });

  it('detaches on Ctrl-b d, even split across reads', () => {
    const m = new DetachMatcher('\x1d');
    expect(m.feed('x\x02')).toEqual({ forward: 'x', detach: false });
    expect(m.feed('d')).toEqual({ forward: '', detach: true });
  });

  it('forwards Ctrl-b with any other key unchanged (tmux commands still work)', () => {
    const m = new DetachMatcher('\x1d');
    expect(m.feed('\x02')).toEqual({ forward: '', detach: false });
    expect(m.feed('[')).toEqual({ forward: '\x02[', detach: false });
    expect(m.feed('\x02\x02z')).toEqual({ forward: '\x02\x02z', detach: false });
  });

  it('with no detach key, only Ctrl-b d detaches', () => {
    const m = new DetachMatcher('');
    expect(m.feed('\x1d')).toEqual({ forward: '\x1d', detach: false });
    expect(m.feed('\x02d')).toEqual({ forward: '', detach: true });
  });
});
