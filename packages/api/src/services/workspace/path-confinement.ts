import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Why a path was refused; the service maps these to BAD_REQUEST / FORBIDDEN. */
export type PathRefusal =
  'not_absolute' | 'dot_segments' | 'nul' | 'missing' | 'dangling_symlink' | 'outside_roots';

export class PathRefusedError extends Error {
  override readonly name = 'PathRefusedError';
  constructor(
    readonly reason: PathRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** True when `child` is `parent` or lies inside it (both absolute and normalised). */
export function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Refuses what no resolution should be asked to interpret: relative paths, NUL and `..`
 * segments (`/allowed/link/..` means different things lexically and physically, so neither
 * reading is trusted).
 */
export function checkPathShape(input: string): void {
  if (input.includes('\0')) throw new PathRefusedError('nul', 'a path cannot contain NUL');
  if (!path.isAbsolute(input))
    throw new PathRefusedError('not_absolute', `"${input}" is not an absolute path`);
  if (input.split(/[\\/]/).includes('..')) {
    throw new PathRefusedError('dot_segments', `"${input}" contains ".." segments`);
  }
}

/** The real paths of the roots that exist; a missing root allows nothing. */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  const real: string[] = [];
  for (const root of roots) {
    try {
      real.push(await realpath(root));
    } catch {
      // a root that does not exist (yet) cannot contain anything
    }
  }
  return real;
}

/** Resolves an existing path with realpath (every symlink) and confines it to the roots. */
export async function confineExisting(input: string, roots: readonly string[]): Promise<string> {
  checkPathShape(input);
  let real: string;
  try {
    real = await realpath(input);
  } catch {
    throw new PathRefusedError('missing', `"${input}" does not exist`);
  }
  await assertWithinRoots(input, real, roots);
  return real;
}

/**
 * Resolves a path that may not exist yet: the nearest existing ancestor is resolved with
 * realpath and the missing segments are appended, so a symlink anywhere above is followed
 * before the check. A dangling symlink on the way is refused (creating through it would
 * land wherever it points).
 */
export async function confineNew(input: string, roots: readonly string[]): Promise<string> {
  checkPathShape(input);
  const missing: string[] = [];
  let current = path.resolve(input);
  for (;;) {
    const stat = await lstat(current).catch(() => null);
    if (stat) {
      let real: string;
      try {
        real = await realpath(current);
      } catch {
        throw new PathRefusedError('dangling_symlink', `"${current}" is a dangling symbolic link`);
      }
      const resolved = path.join(real, ...missing.reverse());
      await assertWithinRoots(input, resolved, roots);
      return resolved;
    }
    const parent = path.dirname(current);
    if (parent === current) throw new PathRefusedError('missing', `no part of "${input}" exists`);
    missing.push(path.basename(current));
    current = parent;
  }
}

async function assertWithinRoots(
  input: string,
  real: string,
  roots: readonly string[],
): Promise<void> {
  const allowed = await realRoots(roots);
  if (allowed.some((root) => isWithin(real, root))) return;
  const shown = input === real ? `"${input}"` : `"${input}" (resolves to "${real}")`;
  throw new PathRefusedError(
    'outside_roots',
    `${shown} is outside the allowed roots (${roots.join(', ') || 'none configured'}); see [worktrees] allowed_roots`,
  );
}
