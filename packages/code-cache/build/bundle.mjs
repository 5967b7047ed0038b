// `@rdv/code-cache/build`: for the apps' build scripts (plain Node, no TypeScript): what makes
// an esbuild bundle one that runBundle loads cheaply.
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * esbuild's `banner` and `footer` for a CommonJS bundle that runBundle runs: the bundle is then
 * the very function expression V8 compiles. Without them runBundle wraps the source itself, and
 * the wrapped copy left the file's text (3 MB for the daemon) as garbage that an idle process
 * keeps until a major GC. Such a file is for runBundle only: `require()` of it runs nothing.
 */
export const BUNDLE_WRAPPER = {
  banner: '(function (exports, require, module, __filename, __dirname) {',
  footer: '})',
};

/**
 * Rewrites a bundle so that it is pure ASCII. esbuild escapes non-ASCII characters everywhere
 * but in regular-expression literals (the agents' prompt patterns hold ❯, ›, box drawing...), and
 * one such character makes V8 hold the whole bundle as a two-byte string: reading the daemon's
 * 3 MB took 9-23 ms instead of ~1 ms, on every start. Each character becomes its \uXXXX escape
 * (a surrogate pair for astral ones), which means the same character in a string, a template or
 * a regular expression, with or without the `u` flag. An identity escape (`\❯`) loses its
 * backslash, which meant nothing. Columns after an escape shift in the source map; lines do not.
 */
export function makeAscii(file) {
  const source = readFileSync(file, 'utf8');
  if (isAscii(source)) return;
  const escaped = source.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, char) => {
    const code = `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    return (slashes.length % 2 === 1 ? slashes.slice(1) : slashes) + code;
  });
  if (!isAscii(escaped)) throw new Error(`makeAscii: ${file} still has non-ASCII characters`);
  writeFileSync(file, escaped);
}

function isAscii(text) {
  return /^[\x00-\x7f]*$/.test(text);
}

/**
 * For a loader built as an ES module (the apps' dist/main.js): its imports of Node's built-in
 * modules become require() calls. Node 20 builds an ES module facade for each built-in module
 * imported, reading every export, and `node:fs`'s lazy getters then load its streams and promises
 * modules, which no loader uses: 1.9 ms of every `rdv` command and daemon start (a `node -e 0`
 * takes 62 ms here). Spread `banner` into esbuild's `banner.js` and add `plugin`.
 */
export const BUILTINS_BY_REQUIRE = {
  banner: "import { createRequire as __rdvCreateRequire } from 'node:module';\nconst require = __rdvCreateRequire(import.meta.url);",
  plugin: {
    name: 'builtins-by-require',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) =>
        args.kind === 'import-statement' && args.path !== 'node:module'
          ? { path: args.path, namespace: 'rdv-builtin' }
          : undefined,
      );
      // A CommonJS module whose require() of the built-in esbuild leaves to Node's own require.
      b.onLoad({ filter: /.*/, namespace: 'rdv-builtin' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  },
};
