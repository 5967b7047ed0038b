// Bundles the CLI into dist/. Workspace packages are inlined, and so are the npm packages every
// command loads (commander, @trpc/client, smol-toml for config.toml's paths): one pre-linked file
// starts faster than resolving their module graphs at run time. Other npm packages stay external
// and are required where a command needs them (@clack/prompts for the menu, ws for attach).
//
// Two files: dist/cli.cjs, the whole CLI as one CommonJS script, and dist/main.js, a small loader
// that answers --version and runs the CLI with a V8 code cache (src/entry.ts, @rdv/code-cache),
// itself CommonJS (dist/package.json), as bin/rdv.js is: no ES module loader at all.
// CommonJS because Node 20 can cache the compiled code of a vm.Script but not of an ES module;
// one file because, with the cache, code a command does not call costs next to nothing.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { BUNDLE_WRAPPER, LOADER_OPTIONS, OWN_URL, makeAscii, markCommonJs } from '@rdv/code-cache/build';

const INLINED = /^(commander|@trpc\/client|@trpc\/server|smol-toml)(\/|$)/;
const OUT = 'dist';
// Built aside and swapped in, so a CLI started during a rebuild (tests, a shell) finds a whole
// bundle, old or new, and stale hashed chunks do not pile up.
const STAGING = 'dist.next';
const OLD = 'dist.old';

rmSync(STAGING, { recursive: true, force: true });
await bundle().catch((error) => {
  rmSync(STAGING, { recursive: true, force: true });
  throw error;
});
// A one-byte string for V8 (see makeAscii).
makeAscii(`${STAGING}/cli.cjs`);
markCommonJs(STAGING);
rmSync(OLD, { recursive: true, force: true });
if (existsSync(OUT)) renameSync(OUT, OLD);
renameSync(STAGING, OUT);
rmSync(OLD, { recursive: true, force: true });

function bundle() {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    // Less source for V8 to scan on a command without a cache (commander alone is 124 KB, half
    // comments); names are kept so that stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      {
        name: 'externalize-npm-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@rdv/') || INLINED.test(args.path)
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  };
  return Promise.all([
    build({
      ...common,
      entryPoints: ['src/run-cli.ts'],
      outfile: `${STAGING}/cli.cjs`,
      format: 'cjs',
      // import() as require(): Node 20 loses a vm.Script's import() callback when the script comes
      // from a code cache ("A dynamic import callback was not specified").
      supported: { 'dynamic-import': false },
      // Code that finds files beside itself (the daemon's bundle) does so from dist/, as before.
      define: OWN_URL.define,
      // The function runBundle compiles as it is (see BUNDLE_WRAPPER), strict as the ES modules were.
      banner: { js: `${BUNDLE_WRAPPER.banner}\n${OWN_URL.banner}` },
      footer: { js: BUNDLE_WRAPPER.footer },
    }),
    build({
      ...common,
      entryPoints: ['src/entry.ts'],
      outfile: `${STAGING}/main.js`,
      ...LOADER_OPTIONS,
    }),
  ]);
}
