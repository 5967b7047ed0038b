import { isAscii } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { BUNDLE_WRAPPER } from '../build/bundle.mjs';
import { readCacheFile, writeCacheFile } from './cache-file.ts';

/**
 * What became of the cache: `hit` V8 took it; `absent` there was none (or no cache file was
 * given); `rejected` V8 refused it (another V8 or other flags); `stale` it was made for another
 * build of the bundle; `unsafe` the file is not this user's alone; `corrupt` its checksum failed.
 */
export type CacheState = 'hit' | 'absent' | 'rejected' | 'stale' | 'unsafe' | 'corrupt';

export interface RunBundleOptions {
  /** Absolute path of a CommonJS bundle (it sees `require`, `module`, `__filename` as usual). */
  bundle: string;
  /** The cache file (in a 0700 folder of the user's); undefined runs without a cache. */
  cacheFile: string | undefined;
}

export interface BundleRun {
  /** The bundle's `module.exports`. */
  exports: unknown;
  cache: CacheState;
  /**
   * Writes a new cache unless V8 took this one. Call it once the program has done its start-up:
   * V8 stores the functions compiled so far, so a later run compiles none of them. Returns the
   * error when the cache could not be written (the program runs on; the next run compiles).
   */
  saveCache(): Error | undefined;
}

/**
 * Compiles and runs `bundle` as Node's CommonJS loader would, but with V8's code cache from
 * `cacheFile` when that file is valid for this very bundle file: keyed by its device, inode,
 * size and change times (as Python keys .pyc files by size and mtime), and by Node's version.
 * A rebuild, an edit or a copy of the bundle therefore misses, and V8 itself refuses data from
 * another V8 or other flags; every miss runs the source as usual.
 *
 * The bundle must not call import(): Node 20 loses a vm.Script's dynamic-import callback when
 * the script comes from a code cache. The apps' builds turn import() into require()
 * (esbuild's `supported: { 'dynamic-import': false }`).
 */
export function runBundle({ bundle, cacheFile }: RunBundleOptions): BundleRun {
  const key = cacheKey(bundle);
  const found = cacheFile === undefined ? ({ miss: 'absent' } as const) : readCacheFile(cacheFile, key);
  const bytes = readFileSync(bundle);
  // An ASCII file (the apps' builds make theirs so, see build/bundle.mjs) decodes by copying;
  // V8's UTF-8 decoding of the daemon's 3 MB took 7-15 ms.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // A bundle built with BUNDLE_WRAPPER is compiled as it is; any other gets Node's own CommonJS
  // wrapper, on a line of its own so that line numbers in stack traces match the file.
  const prewrapped = source.startsWith(BUNDLE_WRAPPER.banner);
  const script = new Script(prewrapped ? source : `${BUNDLE_WRAPPER.banner}\n${stripShebang(source)}\n${BUNDLE_WRAPPER.footer}`, {
    filename: bundle,
    lineOffset: prewrapped ? 0 : -1,
    ...('data' in found ? { cachedData: found.data } : {}),
  });
  const cache: CacheState = 'data' in found ? (script.cachedDataRejected ? 'rejected' : 'hit') : found.miss;
  let saved = false;

  const module = { exports: {} as unknown, id: bundle, filename: bundle, loaded: false };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  module.loaded = true;

  return {
    get exports() {
      return module.exports;
    },
    cache,
    saveCache() {
      if (cache === 'hit' || saved || cacheFile === undefined) return undefined;
      try {
        writeCacheFile(cacheFile, key, script.createCachedData());
        saved = true;
        return undefined;
      } catch (error) {
        return error as Error;
      }
    },
  };
}

/** Which bundle file, and which Node: a cache for anything else is stale. */
export function cacheKey(bundle: string): string {
  const stat = statSync(bundle, { bigint: true });
  return [process.version, process.arch, bundle, stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join(' ');
}

/** A `#!` line is valid at the start of a file, not inside the wrapper function. */
function stripShebang(source: string): string {
  return source.startsWith('#!') ? `//${source.slice(2)}` : source;
}
