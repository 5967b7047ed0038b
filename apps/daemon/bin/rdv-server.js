#!/usr/bin/env node
// The installed `rdv-server` command: runs the bundle that `npm install` builds (postinstall).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/main.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('rdv-server: not built yet; run `npm install` (or `npm run build`) at the repository root\n');
  process.exit(1);
}
await import(bundle.href);
