import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeAscii } from '../build/bundle.mjs';

// What esbuild leaves unescaped: non-ASCII characters in regular-expression literals (and, to
// be safe, anywhere else), with identity escapes, escaped backslashes and astral characters.
const SOURCE = String.raw`module.exports = {
  prompt: /^[❯>›]\s+\S/, identity: /\❯/, slash: "\\❯", text: "❯ é", template: ` + '`a❯${1}`' + String.raw`,
  astral: /😀|[😀]/u, astralClass: /^[😀]$/, box: /^[─━═╌]+$/,
};`;
const SAMPLES = ['❯ x', '› y', '😀', '\\❯', '❯', '\ud83d', '──', 'plain'];

type Exports = Record<string, unknown>;
const load = (code: string): Exports => {
  const module = { exports: {} as Exports };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating a test bundle is the point
  const run = new Function('module', code) as (module: { exports: Exports }) => void;
  run(module);
  return module.exports;
};

describe('makeAscii', () => {
  it('leaves only ASCII, with every string and pattern meaning what it did', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdv-ascii-'));
    try {
      const file = join(dir, 'bundle.cjs');
      writeFileSync(file, SOURCE);
      makeAscii(file);
      const escaped = readFileSync(file, 'utf8');
      expect(Buffer.from(escaped).every((byte) => byte < 0x80)).toBe(true);
      const [before, after] = [load(SOURCE), load(escaped)];
      for (const [key, value] of Object.entries(before)) {
        if (value instanceof RegExp) {
          const pattern = after[key] as RegExp;
          expect({ key, flags: pattern.flags }).toEqual({ key, flags: value.flags });
          for (const sample of SAMPLES) expect({ key, sample, match: pattern.test(sample) }).toEqual({ key, sample, match: value.test(sample) });
        } else expect(after[key]).toBe(value);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
