// Bundles the dashboard's server (server/*.ts) into dist/server.js, as the daemon is bundled:
// workspace packages (TypeScript source: @rdv/config, @rdv/contract, @rdv/policy) are inlined;
// next, react, jose and ws stay external, resolved from node_modules at run time. Nothing of
// @rdv/api is imported at run time (a lint rule in eslint.config.js holds the apps to types).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { writeStamp } from './build-stamp.mjs';

const EXTERNAL = ['next', 'react', 'react-dom', 'jose', 'ws'];

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['server/main.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __rdvCreateRequire } from 'node:module'; const require = __rdvCreateRequire(import.meta.url);",
  },
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
});
// The share link's page (share/viewer.ts): a small browser bundle of its own, so a viewer, who
// is no user, is served none of the dashboard's code; the web server serves dist/share/.
await build({
  entryPoints: ['share/viewer.ts'],
  outfile: 'dist/share/viewer.js',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
});
mkdirSync('dist/share', { recursive: true });
copyFileSync('share/viewer.css', 'dist/share/viewer.css');
copyFileSync(createRequire(import.meta.url).resolve('@xterm/xterm/css/xterm.css'), 'dist/share/xterm.css');
// Last: `npm start` rebuilds when the sources no longer match (see build-stamp.mjs).
writeStamp();
