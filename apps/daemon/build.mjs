// Bundles the daemon into dist/: workspace packages (TypeScript source) and npm packages are
// inlined (one file to compile instead of hundreds to resolve, read and, for CommonJS, scan for
// exports: most of the old cold start), native addons stay external, and the migrations are
// copied beside the bundle.
//
// Two files: dist/daemon.cjs, the whole daemon as one CommonJS script, and dist/main.js, a small
// loader that runs it with a V8 code cache (src/entry.ts, @rdv/code-cache), itself CommonJS
// (dist/package.json), as bin/rdv-server.js is: no ES module loader at all. CommonJS because
// Node 20 can cache the compiled code of a vm.Script but not of an ES module; one file because
// with a cache, code that is never called costs next to nothing (V8 neither parses nor compiles
// it), so lazy chunks no longer pay for themselves.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { BUNDLE_WRAPPER, LOADER_OPTIONS, OWN_URL, makeAscii, markCommonJs } from '@rdv/code-cache/build';
import { prismaWasmAsFile, QUERY_COMPILER_WASM } from './build/prisma-wasm-file.mjs';

/** Native addons and optional native helpers stay packages; everything else is bundled. */
const KEEP_EXTERNAL = ['better-sqlite3', 'bufferutil', 'utf-8-validate'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Less source for V8 to scan (about 10 ms of a start without a cache); names are kept so stack
  // traces in server.log still read.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync('dist', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/daemon.cjs',
  format: 'cjs',
  // import() as require(): Node 20 loses a vm.Script's import() callback when the script comes
  // from a code cache ("A dynamic import callback was not specified").
  supported: { 'dynamic-import': false },
  // Modules that read files beside themselves do it from the bundle's folder, as before.
  define: OWN_URL.define,
  // The function runBundle compiles as it is (see BUNDLE_WRAPPER), strict as the ES modules were.
  banner: { js: `${BUNDLE_WRAPPER.banner}\n${OWN_URL.banner}` },
  footer: { js: BUNDLE_WRAPPER.footer },
  plugins: [
    prismaWasmAsFile(),
    {
      name: 'externalize-native-addons',
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
// A one-byte string for V8 (see makeAscii).
makeAscii('dist/daemon.cjs');
await build({
  ...common,
  entryPoints: ['src/entry.ts'],
  outfile: 'dist/main.js',
  ...LOADER_OPTIONS,
});
markCommonJs('dist');
cpSync('../../prisma/migrations', 'dist/migrations', { recursive: true });
mkdirSync('dist', { recursive: true });
writeFileSync(`dist/${QUERY_COMPILER_WASM.file}`, await QUERY_COMPILER_WASM.bytes());
