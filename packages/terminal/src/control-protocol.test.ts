import { describe, expect, it } from 'vitest';
import {
  ControlParser,
  controlCommand,
  octalQuoted,
  unescapeOutput,
  type ControlMessage,
} from './control-protocol.ts';

function parse(...chunks: string[]): ControlMessage[] {
  const messages: ControlMessage[] = [];
  const parser = new ControlParser((m) => messages.push(m));
  for (const chunk of chunks) parser.feed(Buffer.from(chunk, 'latin1'));
  return messages;
}

describe('ControlParser', () => {
  it('unescapes %output and keeps bytes above 0x7f as they are', () => {
    const [message] = parse('%output %3 a\\015\\012\\134b\xc3\xa9\n');
    expect(message).toEqual({ kind: 'output', pane: '%3', data: Buffer.from('a\r\n\\bé', 'utf8') });
  });

  it('reads %extended-output (pause-after on) after the " : "', () => {
    const [message] = parse('%extended-output %1 12 : x\\033[m\n');
    expect(message).toEqual({ kind: 'output', pane: '%1', data: Buffer.from('x\x1b[m') });
  });

  it('joins lines split across reads', () => {
    const messages = parse('%outp', 'ut %0 he', 'llo\n%exit\n');
    expect(messages).toEqual([
      { kind: 'output', pane: '%0', data: Buffer.from('hello') },
      { kind: 'exit', reason: '' },
    ]);
  });

  it('reports our replies with their lines; a screen line that looks like %end does not end one', () => {
    const messages = parse(
      '%begin 1 10 1\n',
      '%end 1 99 1\n%output %0 not output\nline\n',
      '%end 1 10 1\n',
    );
    expect(messages).toEqual([
      { kind: 'begin' },
      { kind: 'reply', lines: ['%end 1 99 1', '%output %0 not output', 'line'], error: false },
    ]);
  });

  it('reports %error and ignores the block of the attach command (flags 0)', () => {
    const messages = parse('%begin 1 5 0\n%end 1 5 0\n%begin 1 6 1\nbad\n%error 1 6 1\n');
    expect(messages).toEqual([{ kind: 'begin' }, { kind: 'reply', lines: ['bad'], error: true }]);
  });

  it('reads the window size from %layout-change, and pause/continue', () => {
    expect(
      parse('%layout-change @0 a87d,100x30,0,0,0 a87d,100x30,0,0,0 *\n%pause %2\n%continue %2\n'),
    ).toEqual([
      { kind: 'layout', cols: 100, rows: 30 },
      { kind: 'pause', pane: '%2' },
      { kind: 'continue', pane: '%2' },
    ]);
  });
});

describe('unescapeOutput', () => {
  it('leaves a backslash that is not an octal escape alone', () => {
    expect(unescapeOutput(Buffer.from('a\\9b\\01')).toString()).toBe('a\\9b\\01');
  });
});

describe('controlCommand', () => {
  it('single-quotes every argument and closes the quotes around a quote', () => {
    expect(controlCommand(['display', '-p', "it's #{x} $HOME ; ~"])).toBe(
      `'display' '-p' 'it'\\''s #{x} $HOME ; ~'`,
    );
  });

  it('refuses a newline, which would end the command line', () => {
    expect(() => controlCommand(['send-keys', 'a\nkill-server'])).toThrow(RangeError);
  });
});

describe('octalQuoted', () => {
  it('writes everything but plain characters as octal escapes', () => {
    expect(octalQuoted(Buffer.from('ab $"\n#{é'))).toBe('"ab \\044\\042\\012\\043\\173\\303\\251"');
  });
});
