// `@rdv/code-cache/build`: for the apps' build scripts (plain Node, no TypeScript).
import { readFileSync, writeFileSync } from 'node:fs';

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
