import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiftRotatedFiles } from './log-rotation.ts';

describe('shiftRotatedFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rdv-rot-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves each file one up, drops the oldest, and leaves a gap where the current one was', () => {
    const log = join(dir, 'server.log');
    for (const [name, text] of [['server.log', 'now'], ['server.log.1', 'older'], ['server.log.2', 'oldest']]) {
      writeFileSync(join(dir, name!), text!);
    }
    shiftRotatedFiles(log, 2);
    expect(existsSync(log)).toBe(false);
    expect(readFileSync(`${log}.1`, 'utf8')).toBe('now');
    expect(readFileSync(`${log}.2`, 'utf8')).toBe('older');
    expect(existsSync(`${log}.3`)).toBe(false);
  });

  it('works before any rotated file exists', () => {
    const log = join(dir, 'server.log');
    writeFileSync(log, 'first');
    shiftRotatedFiles(log, 5);
    expect(readFileSync(`${log}.1`, 'utf8')).toBe('first');
  });
});
