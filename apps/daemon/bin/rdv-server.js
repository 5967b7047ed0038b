#!/usr/bin/env node
// The installed `rdv-server` command: runs the bundle that `npm install` builds (postinstall).
// Node's built-ins come through require(): an `import` of `node:fs` costs every start ~2 ms (see
// BUILTINS_BY_REQUIRE in @rdv/code-cache/build).
import { createRequire } from 'node:module';

const bundle = new URL('../dist/main.js', import.meta.url);
if (!createRequire(import.meta.url)('node:fs').existsSync(bundle)) {
  process.stderr.write('rdv-server: not built yet; run `npm install` (or `npm run build`) at the repository root\n');
  process.exit(1);
}
await import(bundle.href);
