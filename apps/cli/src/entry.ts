#!/usr/bin/env node
// dist/main.js, what `rdv` runs: answers --version at once, else runs the CLI's bundle
// (dist/cli.cjs) with a V8 code cache in RDV_HOME/cache, so a command deserializes the compiled
// CLI instead of parsing and compiling it (see @rdv/code-cache).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundle } from '@rdv/code-cache';
import { resolveHome } from '@rdv/config/paths';
import { HOME_FILES } from '@rdv/contract/home';
import pkg from '../package.json' with { type: 'json' };
import { exitWhenFlushed, isVersionOnly } from './process-exit.ts';
import type { runCli } from './run-cli.ts';

/** The CLI's cache file in RDV_HOME/cache (the daemon keeps its own there). */
export const CLI_CODE_CACHE_FILE = 'rdv.code-cache';

const argv = process.argv.slice(2);
if (isVersionOnly(argv)) {
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}
const home = resolveHome(process.env);
const bundle = runBundle({
  bundle: fileURLToPath(new URL('./cli.cjs', import.meta.url)),
  cacheFile: join(home, HOME_FILES.codeCacheDir, CLI_CODE_CACHE_FILE),
});
// No top-level await: this loader is built as a CommonJS script (see LOADER_OPTIONS).
void (async () => {
  const code = await (bundle.exports as { runCli: typeof runCli }).runCli(argv);
  // Once the output is complete. A command does not create RDV_HOME just for its cache; a cache
  // that cannot be written costs the next command its compile, nothing else.
  await exitWhenFlushed(code, () => {
    if (existsSync(home)) bundle.saveCache();
  });
})();
