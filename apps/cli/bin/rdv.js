#!/usr/bin/env node
// The installed `rdv` command: runs the bundle that `npm install` builds (postinstall). CommonJS
// (bin/package.json), as dist/main.js is: an ES module here would load Node's ES module loader,
// ~4 ms of every command (see LOADER_OPTIONS in @rdv/code-cache/build).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(bundle)) {
  process.stderr.write('rdv: not built yet; run `npm install` (or `npm run build`) at the repository root\n');
  process.exit(1);
}
require(bundle);
