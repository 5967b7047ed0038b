import { describe, expect, it } from 'vitest';
import { formatSearchLine } from './search-line.ts';

const match = {
  sessionName: 'api',
  source: 'scrollback' as const,
  line: 12,
  text: 'an error, another error',
  ranges: [
    [3, 8],
    [18, 23],
  ] as Array<[number, number]>,
};

describe('formatSearchLine', () => {
  it('prints session:line: text, like grep', () => {
    expect(formatSearchLine(match, false)).toBe('api:12: an error, another error');
    expect(formatSearchLine({ ...match, source: 'recording' }, false)).toBe(
      'api (recording):12: an error, another error',
    );
  });

  it('highlights each match on a terminal', () => {
    expect(formatSearchLine(match, true)).toBe(
      '\x1b[35mapi:12:\x1b[0m an \x1b[1;31merror\x1b[0m, another \x1b[1;31merror\x1b[0m',
    );
  });

  it('never lets the text drive the terminal', () => {
    const line = formatSearchLine({ ...match, text: 'x\x1b[2Jy error', ranges: [[7, 12]] }, true);
    expect(line).not.toContain('\x1b[2J');
    expect(line).toContain('x?[2Jy \x1b[1;31merror\x1b[0m');
  });
});
