// Bundles the dashboard's server (server/*.ts) into dist/server.js, as the daemon is bundled:
// workspace packages (TypeScript source, e.g. the daemon's config loader) are inlined; next,
// react, jose and ws stay external, resolved from node_modules at run time.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { writeStamp } from './build-stamp.mjs';

const EXTERNAL = ['next', 'react', 'react-dom', 'jose', 'ws'];

rmSync('dist', { recursive: true, force: true });
const result = await build({
  metafile: true,
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
// From @rdv/api only the runtime-neutral limiter may be inlined (no Prisma, node-pty or tmux code).
const leaked = Object.keys(result.metafile.inputs).filter(
  (file) => /(^|\/)packages\/api\//.test(file) && !/packages\/api\/src\/rate-limit\//.test(file),
);
if (leaked.length > 0) {
  throw new Error(`dist/server.js must not bundle these @rdv/api files:\n${leaked.join('\n')}`);
}
// Last: `npm start` rebuilds when the sources no longer match (see build-stamp.mjs).
writeStamp();
