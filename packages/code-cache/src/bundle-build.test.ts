import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from 'esbuild';
import { LOADER_OPTIONS, makeAscii, markCommonJs } from '../build/bundle.mjs';

// What esbuild leaves unescaped: non-ASCII characters in regular-expression literals (and, to
// be safe, anywhere else), with identity escapes, escaped backslashes and astral characters.
const SOURCE =
  String.raw`module.exports = {
  prompt: /^[❯>›]\s+\S/, identity: /\❯/, slash: "\\❯", text: "❯ é", template: ` +
  '`a❯${1}`' +
  String.raw`,
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
          for (const sample of SAMPLES)
            expect({ key, sample, match: pattern.test(sample) }).toEqual({
              key,
              sample,
              match: value.test(sample),
            });
        } else expect(after[key]).toBe(value);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LOADER_OPTIONS', () => {
  // A loader as the apps write theirs: ES module syntax, Node's built-ins, its own URL. It reports
  // what it read, where it thinks it is, and whether Node loaded its ES module loader for it.
  const ENTRY = `import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const text = readFileSync(fileURLToPath(new URL('./data.txt', import.meta.url)), 'utf8');
const esm = process.moduleLoadList.filter((name) => name.includes('internal/modules/esm/'));
process.stdout.write(JSON.stringify({ text, esm }));
`;
  // The bin that runs it, as apps/*/bin/*.js: CommonJS beside a package.json that says so.
  const BIN = `'use strict';\nrequire(require('node:path').join(__dirname, '..', 'dist', 'main.js'));\n`;

  /** An app folder whose package.json says "type": "module", as ours do; returns the bin's output. */
  async function buildAndRun(asLoader: boolean): Promise<{ text: string; esm: string[] }> {
    const app = mkdtempSync(join(tmpdir(), 'rdv-loader-'));
    try {
      writeFileSync(join(app, 'package.json'), '{ "type": "module" }\n');
      mkdirSync(join(app, 'src'));
      mkdirSync(join(app, 'dist'));
      mkdirSync(join(app, 'bin'));
      writeFileSync(join(app, 'src', 'entry.ts'), ENTRY);
      writeFileSync(join(app, 'dist', 'data.txt'), 'hello');
      const common: BuildOptions = {
        entryPoints: [join(app, 'src', 'entry.ts')],
        outfile: join(app, 'dist', 'main.js'),
        bundle: true,
        platform: 'node',
        logLevel: 'silent',
      };
      await build(asLoader ? { ...common, ...LOADER_OPTIONS } : { ...common, format: 'esm' });
      if (asLoader) markCommonJs(join(app, 'dist'));
      // The ES module build needs an ES module bin: Node 20 cannot require() it.
      writeFileSync(
        join(app, 'bin', 'package.json'),
        asLoader ? '{ "type": "commonjs" }\n' : '{ "type": "module" }\n',
      );
      writeFileSync(
        join(app, 'bin', 'run.js'),
        asLoader ? BIN : `await import('../dist/main.js');\n`,
      );
      return JSON.parse(
        execFileSync(process.execPath, [join(app, 'bin', 'run.js')], { encoding: 'utf8' }),
      ) as { text: string; esm: string[] };
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  }

  it('builds a loader that runs without Node loading its ES module loader, and still knows its own URL', async () => {
    // What Node loads of it for any script at all (`node -e`): not the loader's doing.
    const always = new Set(
      JSON.parse(
        execFileSync(
          process.execPath,
          ['-e', 'process.stdout.write(JSON.stringify(process.moduleLoadList))'],
          { encoding: 'utf8' },
        ),
      ) as string[],
    );
    const added = ({ text, esm }: { text: string; esm: string[] }) => ({
      text,
      esm: esm.filter((name) => !always.has(name)),
    });
    // As an ES module: the loader's modules (otherwise this test proves nothing).
    const asModule = added(await buildAndRun(false));
    expect(asModule.text).toBe('hello');
    expect(asModule.esm).toContain('NativeModule internal/modules/esm/module_job');
    expect(added(await buildAndRun(true))).toEqual({ text: 'hello', esm: [] });
  });
});
