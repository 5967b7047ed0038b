import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { followLines, formatLogLine, tailLines } from './log-tail.ts';

describe('log tail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rdv-log-'));
  afterEach(() => rmSync(join(dir, 'server.log'), { force: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('formats pino lines and leaves other lines alone', () => {
    const line = JSON.stringify({
      level: 40,
      time: '2025-01-01T00:00:00.000Z',
      pid: 1,
      msg: 'slow',
      ms: 12,
      where: { a: 1 },
    });
    expect(formatLogLine(line)).toBe('2025-01-01T00:00:00.000Z WARN  slow ms=12 where={"a":1}');
    expect(formatLogLine('plain text')).toBe('plain text');
  });

  it('tails the last lines and follows appended ones', async () => {
    const file = join(dir, 'server.log');
    writeFileSync(file, 'one\ntwo\nthree\n');
    const tail = tailLines(file, 2);
    expect(tail.lines).toEqual(['two', 'three']);
    const seen: string[] = [];
    const follower = followLines(file, tail.end, (line) => seen.push(line));
    appendFileSync(file, 'four\nfi');
    await new Promise((r) => setTimeout(r, 600));
    appendFileSync(file, 've\n');
    await new Promise((r) => setTimeout(r, 600));
    follower.stop();
    expect(seen).toEqual(['four', 'five']);
  });
});
