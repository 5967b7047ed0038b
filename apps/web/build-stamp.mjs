// A fingerprint of the sources the dashboard's build depends on (their paths and contents, not
// mtimes: a fresh clone or a turbo cache restore must not look stale), so `npm start` can tell
// whether the build in .next/ and dist/ is current without rebuilding.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = fileURLToPath(new URL('.', import.meta.url));
const STAMP_FILE = join(WEB_ROOT, 'dist', 'source-stamp');
const SOURCES = [
  'app',
  'components',
  'lib',
  'server',
  'share',
  'next.config.ts',
  'package.json',
  'build-server.mjs',
  '../../packages/client/src',
  '../../packages/config/src',
  '../../packages/contract/src',
  '../../packages/policy/src',
];
const SKIP = new Set(['node_modules', '.next', 'dist']);

export function sourceStamp() {
  const hash = createHash('sha256');
  const visit = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort())
        if (!SKIP.has(name) && !name.endsWith('.test.ts')) visit(join(path, name));
    } else {
      hash
        .update(`${relative(WEB_ROOT, path)}\0`)
        .update(readFileSync(path))
        .update('\0');
    }
  };
  for (const source of SOURCES) visit(join(WEB_ROOT, source));
  return hash.digest('hex');
}

/** True when .next/ and dist/server.js exist and were built from the current sources. */
export function buildIsCurrent() {
  if (
    !existsSync(join(WEB_ROOT, '.next', 'BUILD_ID')) ||
    !existsSync(join(WEB_ROOT, 'dist', 'server.js'))
  )
    return false;
  try {
    return readFileSync(STAMP_FILE, 'utf8').trim() === sourceStamp();
  } catch {
    return false;
  }
}

export function writeStamp() {
  writeFileSync(STAMP_FILE, `${sourceStamp()}\n`);
}
