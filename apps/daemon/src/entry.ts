#!/usr/bin/env node
// dist/main.js, what `rdv-server` and every launcher run: loads the daemon's bundle
// (dist/daemon.cjs) with a V8 code cache in RDV_HOME/cache, so a start deserializes the compiled
// bundle instead of parsing and compiling ~3 MB of JavaScript (see @rdv/code-cache).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundle } from '@rdv/code-cache';
import { resolveHome } from '@rdv/config/paths';
import { HOME_FILES } from '@rdv/contract/home';
import type { MainHooks } from './main.ts';
import { applyV8Flags } from './v8-flags.ts';

/** The daemon's cache file in RDV_HOME/cache (the CLI keeps its own there). */
export const DAEMON_CODE_CACHE_FILE = 'rdv-server.code-cache';

// Before compiling: V8 takes a cache only under the flags it was made with.
applyV8Flags();
const run = runBundle({
  bundle: fileURLToPath(new URL('./daemon.cjs', import.meta.url)),
  cacheFile: join(resolveHome(process.env), HOME_FILES.codeCacheDir, DAEMON_CODE_CACHE_FILE),
});
const { runMain } = run.exports as { runMain: (hooks: MainHooks) => void };
runMain({ codeCache: run.cache, started: () => run.saveCache() });
