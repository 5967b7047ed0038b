// Copies the files a new worktree needs but git does not track: `.env`-style files at the
// repository root and whatever `.worktreeinclude` lists. Sources are found without following
// symbolic links, so they are always inside the repository; destinations are confined to the
// new worktree.
import { cp, lstat, mkdir, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { confineNew, isWithin } from '../path-confinement.ts';

export const WORKTREE_INCLUDE_FILE = '.worktreeinclude';
/** Patterns read from `.worktreeinclude`; the rest are ignored. */
export const MAX_INCLUDE_PATTERNS = 200;
/** Directory entries a pattern walk may visit before it stops (a `**` over node_modules...). */
export const MAX_WALK_ENTRIES = 50_000;
/** Entries reported back (copied or skipped); the copy itself is not capped by this. */
export const MAX_REPORTED_ENTRIES = 200;

export interface CopyReport {
  /** Repository-relative paths copied (directories end with "/"). */
  copied: string[];
  skipped: Array<{ entry: string; reason: string }>;
}

/** `.env` and `.env.<anything>` (`.env.local`, `.env.test`...). */
export function isEnvFileName(name: string): boolean {
  return name === '.env' || (name.startsWith('.env.') && name.length > '.env.'.length);
}

/**
 * Parses `.worktreeinclude`: one relative path or glob per line; `#` starts a comment line;
 * `*` and `?` match within one path segment, `**` matches any number of folders; a trailing
 * "/" is allowed. Absolute paths, `..`, `.git` and `!` negations are refused (reported).
 */
export function parseWorktreeInclude(text: string): {
  patterns: string[][];
  skipped: CopyReport['skipped'];
} {
  const patterns: string[][] = [];
  const skipped: CopyReport['skipped'] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (patterns.length >= MAX_INCLUDE_PATTERNS) {
      skipped.push({ entry: line, reason: `more than ${MAX_INCLUDE_PATTERNS} patterns` });
      continue;
    }
    if (line.startsWith('!')) skipped.push({ entry: line, reason: 'negations are not supported' });
    else if (line.startsWith('/') || line.includes('\\') || line.includes('\0')) {
      skipped.push({ entry: line, reason: 'must be a path relative to the repository' });
    } else {
      const segments = line.split('/').filter((segment) => segment !== '' && segment !== '.');
      if (segments.includes('..')) skipped.push({ entry: line, reason: 'leaves the repository' });
      else if (segments.includes('.git'))
        skipped.push({ entry: line, reason: '.git is never copied' });
      else if (segments.length) patterns.push(segments);
    }
  }
  return { patterns, skipped };
}

/** Matches one path segment against a glob segment (`*`, `?`; everything else literal). */
export function segmentMatches(glob: string, name: string): boolean {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`).test(name);
}

/** Repository-relative paths matching `segments`, found without following symbolic links. */
export async function expandPattern(root: string, segments: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  let visited = 0;
  const walk = async (rel: string[], index: number): Promise<void> => {
    if (visited > MAX_WALK_ENTRIES) return;
    if (index === segments.length) {
      if (rel.length) found.add(rel.join('/'));
      return;
    }
    const segment = segments[index] ?? '';
    const dir = path.join(root, ...rel);
    if (segment === '**') {
      await walk(rel, index + 1);
      for (const entry of await entries(dir)) {
        if (entry.isDirectory() && entry.name !== '.git') await walk([...rel, entry.name], index);
      }
      return;
    }
    const wildcard = /[*?]/.test(segment);
    for (const entry of wildcard ? await entries(dir) : await single(dir, segment)) {
      if (entry.name === '.git' || !segmentMatches(segment, entry.name)) continue;
      const last = index === segments.length - 1;
      if (last) found.add([...rel, entry.name].join('/'));
      else if (entry.isDirectory()) await walk([...rel, entry.name], index + 1);
    }
  };
  const entries = async (dir: string) => {
    const list = await readdir(dir, { withFileTypes: true }).catch(() => []);
    visited += list.length;
    return list;
  };
  const single = async (dir: string, name: string) =>
    (await entries(dir)).filter((entry) => entry.name === name);
  await walk([], 0);
  return [...found].sort();
}

/** Copies the `.env` files and the `.worktreeinclude` entries from `repoRoot` into `worktree`. */
export async function copyWorktreeFiles(repoRoot: string, worktree: string): Promise<CopyReport> {
  const report: CopyReport = { copied: [], skipped: [] };
  const realWorktree = await realpath(worktree);
  const wanted = new Set<string>();
  for (const entry of await readdir(repoRoot, { withFileTypes: true })) {
    if (entry.isFile() && isEnvFileName(entry.name)) wanted.add(entry.name);
  }
  const includeFile = path.join(repoRoot, WORKTREE_INCLUDE_FILE);
  const includeStat = await lstat(includeFile).catch(() => null);
  if (includeStat?.isFile()) {
    const { patterns, skipped } = parseWorktreeInclude(await readFile(includeFile, 'utf8'));
    report.skipped.push(...skipped);
    for (const pattern of patterns) {
      const matches = await expandPattern(repoRoot, pattern);
      if (!matches.length)
        report.skipped.push({ entry: pattern.join('/'), reason: 'matches nothing' });
      for (const match of matches) wanted.add(match);
    }
  }
  // A folder already copied brings its contents; do not copy them twice.
  const sorted = [...wanted].sort();
  const roots = sorted.filter(
    (rel) => !sorted.some((other) => other !== rel && rel.startsWith(`${other}/`)),
  );
  for (const rel of roots) await copyEntry(repoRoot, realWorktree, rel, report);
  report.copied = report.copied.slice(0, MAX_REPORTED_ENTRIES);
  report.skipped = report.skipped.slice(0, MAX_REPORTED_ENTRIES);
  return report;
}

async function copyEntry(
  repoRoot: string,
  worktree: string,
  rel: string,
  report: CopyReport,
): Promise<void> {
  const source = path.join(repoRoot, rel);
  const stat = await lstat(source).catch(() => null);
  if (!stat || !(stat.isFile() || stat.isDirectory())) {
    report.skipped.push({
      entry: rel,
      reason: stat?.isSymbolicLink() ? 'is a symbolic link' : 'not a file or folder',
    });
    return;
  }
  let target: string;
  try {
    // A tracked symlink in the new worktree must not carry the copy outside of it.
    target = await confineNew(path.join(worktree, rel), [worktree]);
  } catch {
    report.skipped.push({ entry: rel, reason: 'its destination leaves the worktree' });
    return;
  }
  if (await lstat(target).catch(() => null)) {
    report.skipped.push({ entry: rel, reason: 'already in the worktree' });
    return;
  }
  await mkdir(path.dirname(target), { recursive: true });
  await cp(source, target, {
    recursive: true,
    force: false,
    errorOnExist: false,
    verbatimSymlinks: true,
    preserveTimestamps: true,
    // Inside a copied folder, keep symbolic links only when they point inside the repository.
    filter: async (from) => {
      const entry = await lstat(from);
      if (!entry.isSymbolicLink()) return entry.isFile() || entry.isDirectory();
      const resolved = await realpath(from).catch(() => null);
      return resolved !== null && isWithin(resolved, repoRoot);
    },
  });
  report.copied.push(stat.isDirectory() ? `${rel}/` : rel);
}
