#!/usr/bin/env node
// `npm run dev`: the CLI from its TypeScript sources (tsx). The installed `rdv` runs the bundle
// through src/entry.ts, which does the same with a code cache.
import pkg from '../package.json' with { type: 'json' };
import { exitWhenFlushed, isVersionOnly } from './process-exit.ts';

const argv = process.argv.slice(2);
if (isVersionOnly(argv)) {
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}
const { runCli } = await import('./run-cli.ts');
await exitWhenFlushed(await runCli(argv));
