import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventLine, headerLine } from '../sessions/recording/asciicast.ts';
import { parseOutputEvent, recordingBlocks, type RecordingBlock } from './recording-lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'rdv-rec-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(
  file: string,
  blockLines = 1_000,
  after?: { offset: number; drop: number; line: number },
): Promise<RecordingBlock[]> {
  const blocks: RecordingBlock[] = [];
  for await (const block of recordingBlocks(file, { blockLines, ...(after ? { after } : {}) }))
    blocks.push(block);
  return blocks;
}

describe('recordingBlocks', () => {
  it('turns output events into transcript lines with the time each line ended', async () => {
    const file = join(dir, 'a.cast');
    writeFileSync(
      file,
      headerLine({ version: 2, width: 80, height: 24, timestamp: 1 }) +
        eventLine(0.5, 'o', '$ echo \x1b[1mhi\x1b[0m\r\n') +
        eventLine(0.6, 'r', '100x30') +
        eventLine(1.25, 'o', 'hi\r\nline ') +
        eventLine(2, 'o', 'three\r\n') +
        eventLine(2.5, 'm', 'marker') +
        '[3, "o", "torn',
    );
    const [block, ...rest] = await read(file);
    expect(rest).toEqual([]);
    expect(block).toMatchObject({
      first: 0,
      text: '$ echo hi\nhi\nline three',
      count: 3,
      times: [0.5, 1.25, 2],
    });
  });

  it('cuts a long transcript into blocks that follow on', async () => {
    const file = join(dir, 'b.cast');
    const events = Array.from({ length: 7 }, (_, i) => eventLine(i, 'o', `line ${i}\r\n`)).join('');
    writeFileSync(file, headerLine({ version: 2, width: 80, height: 24, timestamp: 1 }) + events);
    const blocks = await read(file, 3);
    expect(blocks.map((b) => [b.first, b.count])).toEqual([
      [0, 3],
      [3, 3],
      [6, 1],
    ]);
    expect(blocks.map((b) => b.text).join('\n')).toBe(
      Array.from({ length: 7 }, (_, i) => `line ${i}`).join('\n'),
    );
  });

  it('resumes after a line from the event where it ended, as if read from the start', async () => {
    const file = join(dir, 'c.cast');
    // Lines end mid-event and span events; a colour is set across an event boundary.
    const events = ['one\r\ntw', 'o\r\nthr\x1b[3', '1mee\r\nfour\r\nfi', 've\r\nsix'].map(
      (data, i) => eventLine(i + 1, 'o', data),
    );
    writeFileSync(
      file,
      headerLine({ version: 2, width: 80, height: 24, timestamp: 1 }) + events.join(''),
    );
    const whole = (await read(file))[0]!;
    const lines = whole.text.split('\n');
    expect(lines).toEqual(['one', 'two', 'three', 'four', 'five', 'six']);
    for (let line = 1; line < lines.length; line++) {
      const rest = await read(file, 1_000, { ...whole.ends[line - 1]!, line });
      expect(rest.map((b) => b.first)).toEqual([line]);
      expect(rest[0]!.text.split('\n')).toEqual(lines.slice(line));
      expect(rest[0]!.ends).toEqual(whole.ends.slice(line));
    }
  });

  it('yields nothing for a missing file', async () => {
    expect(await read(join(dir, 'none.cast'))).toEqual([]);
  });

  it('reads only output events', () => {
    expect(parseOutputEvent('[1.5, "o", "x"]')).toEqual({ time: 1.5, data: 'x' });
    expect(parseOutputEvent('[1.5, "r", "80x24"]')).toBeUndefined();
    expect(parseOutputEvent('[1.5, "o", ')).toBeUndefined();
    expect(parseOutputEvent('{"o": 1}')).toBeUndefined();
  });
});
