import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { BUILTINS_BY_REQUIRE, makeAscii } from '../build/bundle.mjs';

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

describe('BUILTINS_BY_REQUIRE', () => {
  // The loader's own work, and what it reports: whether Node loaded fs's streams module, which
  // only the ES module facade of `node:fs` (reading its lazy `ReadStream` export) makes it do.
  const ENTRY = `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
const text = readFileSync(join(process.argv[2], 'data.txt'), 'utf8');
const streams = process.moduleLoadList.includes('NativeModule internal/fs/streams');
process.stdout.write(JSON.stringify({ text, streams, require: typeof createRequire }));
`;

  async function buildAndRun(byRequire: boolean): Promise<{ code: string; output: { text: string; streams: boolean } }> {
    const dir = mkdtempSync(join(tmpdir(), 'rdv-loader-'));
    try {
      writeFileSync(join(dir, 'entry.ts'), ENTRY);
      writeFileSync(join(dir, 'data.txt'), 'hello');
      await build({
        entryPoints: [join(dir, 'entry.ts')],
        outfile: join(dir, 'main.js'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        logLevel: 'silent',
        ...(byRequire ? { banner: { js: BUILTINS_BY_REQUIRE.banner }, plugins: [BUILTINS_BY_REQUIRE.plugin] } : {}),
      });
      const code = readFileSync(join(dir, 'main.js'), 'utf8');
      const output = JSON.parse(execFileSync(process.execPath, [join(dir, 'main.js'), dir], { encoding: 'utf8' })) as {
        text: string;
        streams: boolean;
      };
      return { code, output };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("takes a loader's built-ins through require(), so that no facade loads fs's streams", async () => {
    const plain = await buildAndRun(false);
    // Without it: the facade, and the module it loads (otherwise this test proves nothing).
    expect(plain.code).toMatch(/from\s*["']node:fs["']/);
    expect(plain.output).toMatchObject({ text: 'hello', streams: true });
    const byRequire = await buildAndRun(true);
    expect(byRequire.code).not.toMatch(/from\s*["']node:(fs|path)["']/);
    expect(byRequire.output).toMatchObject({ text: 'hello', streams: false });
  });
});
