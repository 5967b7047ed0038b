// Bundles the daemon into dist/main.js: workspace packages (TypeScript source) and npm packages
// are inlined (one file to compile instead of hundreds to resolve, read and, for CommonJS, scan
// for exports: most of the old cold start), native addons stay external, and the migrations are
// copied beside the bundle.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { prismaWasmAsFile, QUERY_COMPILER_WASM } from './build/prisma-wasm-file.mjs';

/** Native addons and optional native helpers stay packages; everything else is bundled. */
const KEEP_EXTERNAL = ['better-sqlite3', 'bufferutil', 'utf-8-validate'];

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  // Chunks: what is imported lazily (the MCP SDK, web-push) is loaded on first use, not at start-up.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Less source for V8 to scan at every start (about 10 ms of the cold start); names are kept
  // so stack traces in server.log still read.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __rdvCreateRequire } from 'node:module'; const require = __rdvCreateRequire(import.meta.url);" },
  plugins: [
    prismaWasmAsFile(),
    {
      name: 'externalize-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          KEEP_EXTERNAL.some((name) => args.path === name || args.path.startsWith(`${name}/`))
            ? { path: args.path, external: true }
            : undefined,
        );
      },
    },
  ],
});
cpSync('../../prisma/migrations', 'dist/migrations', { recursive: true });
mkdirSync('dist', { recursive: true });
writeFileSync(`dist/${QUERY_COMPILER_WASM.file}`, await QUERY_COMPILER_WASM.bytes());
