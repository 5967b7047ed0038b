// `@rdv/code-cache/build`: for the apps' build scripts (plain Node, no TypeScript): what makes
// an esbuild bundle one that runBundle loads cheaply.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
 * For code built as CommonJS that reads `import.meta.url` (its own file's URL, to find files
 * beside it): esbuild's `define` for it, and the strict-mode line of the `banner` that sets it.
 * Used by the loaders (LOADER_OPTIONS) and the apps' bundles.
 */
export const OWN_URL = {
  define: { 'import.meta.url': '__rdvOwnUrl' },
  banner: "'use strict';\nvar __rdvOwnUrl = require('node:url').pathToFileURL(__filename).href;",
};

/**
 * esbuild options for an app's loader (its dist/main.js), a CommonJS script, and `markCommonJs`
 * for the folder it is written to. An ES module entry costs every `rdv` command and daemon start
 * Node's ES module loader: 16 more built-in modules to compile (the loader's own, `fs/promises`,
 * `readline`...), 3.5-5 ms here, where a `node -e 0` takes 62 ms. So the loaders are CommonJS, as
 * the bins that require them are, and Node's built-ins come through plain require(). A loader may
 * still read `import.meta.url` (its own file's URL) and must not use top-level await.
 */
export const LOADER_OPTIONS = {
  format: 'cjs',
  define: OWN_URL.define,
  banner: { js: OWN_URL.banner },
};

/**
 * Makes the `.js` files of `dir` CommonJS (a package.json of `"type": "commonjs"`), inside an app
 * whose own package.json says `"type": "module"`.
 */
export function markCommonJs(dir) {
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
}
