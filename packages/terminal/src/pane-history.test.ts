import { describe, expect, it } from 'vitest';
import { HistoryParser, blockLines, historyScript, type HistoryBlock } from './pane-history.ts';

const header = (name: string, history: number, height: number) =>
  `${name}\t${history}\t${height}\n`;

function parseAll(
  names: string[],
  output: string,
  chunk: number,
  maxLines = 1_000,
): { blocks: HistoryBlock[]; parser: HistoryParser } {
  const parser = new HistoryParser(names, maxLines);
  const blocks: HistoryBlock[] = [];
  for (let i = 0; i < output.length; i += chunk)
    blocks.push(...parser.push(output.slice(i, i + chunk)));
  return { blocks, parser };
}

/** Each session's lines, from its blocks in order, checking that the blocks are contiguous. */
function linesBySession(blocks: HistoryBlock[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const block of blocks) {
    const lines = (out[block.name] ??= []);
    expect(block.first).toBe(lines.length);
    const mine = blockLines(block);
    expect(mine).toHaveLength(block.count);
    lines.push(...mine);
  }
  return out;
}

describe('historyScript', () => {
  it('gives each session its own line, guarded by has-session, with targets quoted for tmux', () => {
    const script = historyScript(['rdv-a', 'rdv-b']);
    const lines = script.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^"has-session" "-t" "=rdv-a" ; "display-message" .* ; "capture-pane" "-p" "-S" "-" "-t" "=rdv-a:"$/,
    );
    expect(lines[1]).toContain('"=rdv-b:"');
  });

  it('refuses a name tmux would read as another target', () => {
    expect(() => historyScript(['a;b'])).toThrow(RangeError);
  });
});

describe('HistoryParser', () => {
  const output =
    header('rdv-a', 2, 2) +
    'one\n\ttab\tline\n' +
    'rdv-b\t1\t1\n' +
    '\n' +
    header('rdv-b', 0, 1) +
    'b screen\n';

  it('counts lines from each header, so pane text that looks like a header is content', () => {
    for (const chunk of [1, 3, 7, output.length]) {
      const { blocks, parser } = parseAll(['rdv-a', 'rdv-b'], output, chunk);
      expect(linesBySession(blocks)).toEqual({
        'rdv-a': ['one', '\ttab\tline', 'rdv-b\t1\t1', ''],
        'rdv-b': ['b screen'],
      });
      expect(blocks.find((b) => b.name === 'rdv-a')?.total).toBe(4);
      expect(parser.seen).toEqual(['rdv-a', 'rdv-b']);
      expect(parser.complete).toBe(true);
    }
  });

  it('cuts long histories into blocks with their position', () => {
    const lines = Array.from({ length: 7 }, (_, i) => `l${i}`);
    const { blocks } = parseAll(
      ['rdv-a'],
      header('rdv-a', 5, 2) + lines.join('\n') + '\n',
      1_000,
      3,
    );
    expect(blocks.map((b) => [b.first, b.text, b.count])).toEqual([
      [0, 'l0\nl1\nl2', 3],
      [3, 'l3\nl4\nl5', 3],
      [6, 'l6', 1],
    ]);
    expect(blocks.every((b) => b.total === 7)).toBe(true);
    // Small chunks: blocks end where a chunk ends, and still add up to every line.
    expect(
      linesBySession(
        parseAll(['rdv-a'], header('rdv-a', 5, 2) + lines.join('\n') + '\n', 4, 3).blocks,
      ),
    ).toEqual({ 'rdv-a': lines });
  });

  it('skips a session that printed nothing (it ended) and keeps the order', () => {
    const { blocks, parser } = parseAll(
      ['rdv-a', 'rdv-gone', 'rdv-c'],
      header('rdv-a', 0, 1) + 'a\n' + header('rdv-c', 0, 1) + 'c\n',
      5,
    );
    expect(blocks.map((b) => b.name)).toEqual(['rdv-a', 'rdv-c']);
    expect(parser.seen).toEqual(['rdv-a', 'rdv-c']);
  });

  it('is not complete when the output stops inside a capture', () => {
    const { parser } = parseAll(['rdv-a'], header('rdv-a', 5, 2) + 'x\ny\n', 100);
    expect(parser.complete).toBe(false);
  });

  it('refuses output that is not a header where one is due', () => {
    expect(() => parseAll(['rdv-a'], 'garbage\n', 100)).toThrow(/unexpected line/);
    expect(() => parseAll(['rdv-a'], header('rdv-z', 0, 1) + 'z\n', 100)).toThrow(/not asked for/);
  });
});
