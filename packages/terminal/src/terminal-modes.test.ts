import { describe, expect, it } from 'vitest';
import { ModeTracker, incompleteEscapeStart } from './terminal-modes.ts';

describe('incompleteEscapeStart', () => {
  it('finds sequences cut off at the end', () => {
    for (const tail of [
      '\x1b',
      '\x1b[',
      '\x1b[1;2',
      '\x1b[?100',
      '\x1b]0;title',
      '\x1bP+q',
      '\x1b(',
    ]) {
      expect(incompleteEscapeStart(`text${tail}`)).toBe(4);
    }
  });

  it('accepts complete sequences and plain text', () => {
    for (const data of [
      'text',
      '\x1b[1;2H',
      '\x1b[?1000h',
      '\x1b]0;t\x07',
      '\x1b]0;t\x1b\\',
      '\x1b=',
      '\x1b(B',
      '\x1b[K\r\n',
    ]) {
      expect(incompleteEscapeStart(data)).toBe(-1);
    }
  });
});

describe('ModeTracker', () => {
  it('restores the last state of each tracked mode', () => {
    const modes = new ModeTracker();
    modes.feed('\x1b[?1h\x1b=\x1b[?1000l\x1b[?1002h\x1b[?1006h\x1b[?25l\x1b[?2004h');
    modes.feed('\x1b[?25h\x1b[3 q\x1b[1;20r\x1b[?1049h');
    const restore = modes.modeSequence();
    for (const part of [
      '\x1b[?1h',
      '\x1b=',
      '\x1b[?1000l',
      '\x1b[?1002h',
      '\x1b[?1006h',
      '\x1b[?25h',
      '\x1b[?2004h',
      '\x1b[3 q',
    ]) {
      expect(restore).toContain(part);
    }
    expect(restore).not.toContain('\x1b[?25l');
    expect(restore).not.toContain('1049'); // tmux's own alternate screen is switched off
    expect(restore).not.toContain('\x1b[1;20r'); // the scroll region comes from tmux's own report
  });

  it('follows a sequence split across chunks', () => {
    const modes = new ModeTracker();
    modes.feed('abc\x1b[?20');
    modes.feed('04h');
    expect(modes.modeSequence()).toBe('\x1b[?2004h');
  });

  it('restores nothing for a stream without modes', () => {
    const modes = new ModeTracker();
    modes.feed('hello\r\n\x1b[31mred\x1b[0m');
    expect(modes.modeSequence()).toBe('');
  });
});
