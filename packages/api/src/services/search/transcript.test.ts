import { describe, expect, it } from 'vitest';
import { MAX_TRANSCRIPT_LINE, TranscriptBuilder } from './transcript.ts';

function transcript(...chunks: string[]): string[] {
  const builder = new TranscriptBuilder();
  return [...chunks.flatMap((chunk) => builder.write(chunk)), ...builder.flush()];
}

describe('TranscriptBuilder', () => {
  it('drops colours, titles and other escape sequences, even split between chunks', () => {
    expect(
      transcript(
        '\x1b[1;31mred\x1b[0m text\r\n',
        '\x1b]0;my title\x07$ ls\r',
        '\n\x1b[3',
        '2mgreen\x1b]8;;http://x\x1b\\link\r\n',
      ),
    ).toEqual(['red text', '$ ls', 'greenlink']);
  });

  it('applies carriage returns and backspaces as a terminal shows them', () => {
    expect(transcript('progress 10%\rprogress 100%\r\n')).toEqual(['progress 100%']);
    expect(transcript('abcdef\rXY\r\n')).toEqual(['XYcdef']);
    expect(transcript('hxllo\b\b\b\bello\r\n')).toEqual(['hello']);
    expect(transcript('abcdef\r\x1b[Kxy\n')).toEqual(['xy']);
  });

  it('ends a line where the cursor jumps elsewhere (full-screen redraws)', () => {
    expect(transcript('\x1b[2J\x1b[1;1Htop line\x1b[2;1Hsecond line')).toEqual([
      'top line',
      'second line',
    ]);
  });

  it('expands tabs and keeps unicode', () => {
    expect(transcript('a\tb\r\nünï ✓ 日本\n')).toEqual(['a       b', 'ünï ✓ 日本']);
  });

  it('cuts a line longer than the cap into pieces', () => {
    const lines = transcript(`${'x'.repeat(MAX_TRANSCRIPT_LINE + 10)}\n`);
    expect(lines.map((l) => l.length)).toEqual([MAX_TRANSCRIPT_LINE, 10]);
  });
});
