import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_DIR_MODE, CACHE_FILE_MODE, writeCacheFile } from './cache-file.ts';
import { BUNDLE_WRAPPER } from '../build/bundle.mjs';
import { cacheKey, runBundle } from './run-bundle.ts';

// A bundle with some functions to compile; it exports what it computed and where it ran.
const bundleSource = (answer: number) => `#!/usr/bin/env node
'use strict';
const { join } = require('node:path');
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
module.exports = { answer: ${answer} + fib(10) - 55, file: __filename, joined: join(__dirname, 'x') };
`;

let dir: string;
let bundle: string;
let cacheFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdv-code-cache-'));
  bundle = join(dir, 'bundle.cjs');
  cacheFile = join(dir, 'cache', 'bundle.code-cache');
  writeFileSync(bundle, bundleSource(41));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = () => runBundle({ bundle, cacheFile });

describe('runBundle', () => {
  it('runs the bundle as CommonJS, then takes the cache it saved (0600 in a 0700 folder)', () => {
    const first = run();
    expect(first.cache).toBe('absent');
    expect(first.exports).toEqual({ answer: 41, file: bundle, joined: join(dir, 'x') });
    expect(first.saveCache()).toBeUndefined();
    expect(statSync(cacheFile).mode & 0o777).toBe(CACHE_FILE_MODE);
    expect(statSync(join(dir, 'cache')).mode & 0o777).toBe(CACHE_DIR_MODE);

    const second = run();
    expect(second.cache).toBe('hit');
    expect(second.exports).toEqual(first.exports);
  });

  it('reads a bundle with non-ASCII characters as UTF-8', () => {
    writeFileSync(bundle, "module.exports = { prompt: /^[❯›]$/.test('❯'), text: 'é' };\n");
    expect(run().exports).toEqual({ prompt: true, text: 'é' });
  });

  it('runs a bundle built with BUNDLE_WRAPPER as it is, and caches it', () => {
    writeFileSync(bundle, `${BUNDLE_WRAPPER.banner}\nmodule.exports = { dir: __dirname, line: new Error().stack.split('\\n')[1] };\n${BUNDLE_WRAPPER.footer}\n`);
    const result = run();
    expect(result.exports).toEqual({ dir, line: expect.stringContaining(`${bundle}:2:`) });
    expect(result.saveCache()).toBeUndefined();
  });

  it('runs without a cache file at all', () => {
    const result = runBundle({ bundle, cacheFile: undefined });
    expect(result.cache).toBe('absent');
    expect(result.saveCache()).toBeUndefined();
    expect((result.exports as { answer: number }).answer).toBe(41);
  });

  it('misses when the bundle changed, even at the same length, and runs the new code', () => {
    run().saveCache();
    writeFileSync(bundle, bundleSource(42)); // same length, new content, new mtime/ctime
    const changed = run();
    expect(changed.cache).toBe('stale');
    expect((changed.exports as { answer: number }).answer).toBe(42);
    changed.saveCache();
    expect(run().cache).toBe('hit');
  });

  it('falls back to the source when the cache file is corrupt, and replaces it', () => {
    run().saveCache();
    const bytes = readFileSync(cacheFile);
    const at = bytes.length - 10;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    writeFileSync(cacheFile, bytes);
    const corrupt = run();
    expect(corrupt.cache).toBe('corrupt');
    expect((corrupt.exports as { answer: number }).answer).toBe(41);
    expect(corrupt.saveCache()).toBeUndefined();
    expect(run().cache).toBe('hit');
  });

  it('falls back when V8 rejects the data (well-formed file, not a V8 cache)', () => {
    // A source this process has not compiled: V8 would otherwise reuse its own in-memory copy.
    writeFileSync(bundle, `${bundleSource(41)}// ${Math.random()}\n`);
    writeCacheFile(cacheFile, cacheKey(bundle), Buffer.from('not a V8 code cache'.repeat(20)));
    const rejected = run();
    expect(rejected.cache).toBe('rejected');
    expect((rejected.exports as { answer: number }).answer).toBe(41);
    rejected.saveCache();
    expect(run().cache).toBe('hit');
  });

  it('ignores a cache file that others may read or write, or that is a symbolic link', () => {
    run().saveCache();
    chmodSync(cacheFile, 0o644);
    expect(run().cache).toBe('unsafe');
    chmodSync(cacheFile, 0o600);
    const link = join(dir, 'cache', 'link.code-cache');
    symlinkSync(cacheFile, link);
    const linked = runBundle({ bundle, cacheFile: link });
    expect(linked.cache).toBe('unsafe');
    expect((linked.exports as { answer: number }).answer).toBe(41);
  });
});

describe('runBundle in a new process', () => {
  // In one process V8 reuses what it compiled already; a new process must take the file.
  const runInChild = () =>
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      env: { ...process.env, BUNDLE: bundle, CACHE_FILE: cacheFile },
      encoding: 'utf8',
    }).trim();
  const CHILD = `
    import { runBundle } from ${JSON.stringify(new URL('./run-bundle.ts', import.meta.url).href)};
    const run = runBundle({ bundle: process.env.BUNDLE, cacheFile: process.env.CACHE_FILE });
    run.saveCache();
    console.log(run.cache, run.exports.answer);`;

  it('saves a cache that the next start takes, and a rebuilt bundle makes a new one', () => {
    expect(runInChild()).toBe('absent 41');
    expect(runInChild()).toBe('hit 41');
    writeFileSync(bundle, bundleSource(42));
    expect(runInChild()).toBe('stale 42');
    expect(runInChild()).toBe('hit 42');
  }, 30_000);
});
