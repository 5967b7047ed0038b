import { constants } from 'node:fs';
import { open, readlink, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from '@rdv/contract';
import { BadInputError, ForbiddenError, NotFoundError, PayloadTooLargeError } from '../../errors.ts';
import { confineExisting, isWithin, PathRefusedError } from '../workspace/path-confinement.ts';

/** An open file of a session's folder, ready to stream; the caller closes `handle`. */
export interface OpenedSessionFile {
  handle: FileHandle;
  size: number;
  /** The name the file is offered under (the last segment of the path asked for). */
  name: string;
}

/**
 * Opens `relative` inside `cwd` for reading, confined three ways: the path itself (relative,
 * no `..`, no NUL), its real path (every symlink resolved: it must stay inside the real `cwd`,
 * which must be inside the allowed roots), and the file actually opened (a regular file, the
 * last segment not a symlink, and on Linux the descriptor's own path checked again, so a
 * symlink swapped in between the check and the open is caught).
 */
export async function openSessionFile(
  cwd: string,
  relative: string,
  opts: { allowedRoots: readonly string[]; maxBytes: number },
): Promise<OpenedSessionFile> {
  checkRelativePath(relative);
  let root: string;
  try {
    root = await confineExisting(cwd, opts.allowedRoots);
  } catch (error) {
    if (error instanceof PathRefusedError && error.reason === 'missing') {
      throw new NotFoundError(`the session's working directory ${cwd} no longer exists`);
    }
    if (error instanceof PathRefusedError) {
      throw new ForbiddenError(`the session's working directory is not downloadable: ${error.message}`);
    }
    throw error;
  }
  const asked = path.join(root, relative);
  let real: string;
  try {
    real = await realpath(asked);
  } catch {
    throw new NotFoundError(`there is no file ${relative} in ${cwd}`);
  }
  if (!isWithin(real, root)) {
    throw new ForbiddenError(`${relative} leads outside the session's working directory (a symbolic link to ${real})`);
  }
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: the last segment may not have become a symlink since realpath; O_NONBLOCK: a
    // FIFO must not hang the open.
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new ForbiddenError(`${relative} is a symbolic link that changed while it was opened`);
    if (code === 'EACCES' || code === 'EPERM') throw new ForbiddenError(`${relative} cannot be read (permission denied)`);
    throw new NotFoundError(`there is no file ${relative} in ${cwd}`);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new BadInputError(`${relative} is a folder; download one file at a time`);
    if (!stat.isFile()) throw new BadInputError(`${relative} is not a regular file`);
    if (stat.size > opts.maxBytes) {
      throw new PayloadTooLargeError(
        `${relative} is ${formatBytes(stat.size)}; the download limit is ${formatBytes(opts.maxBytes)} ([files] download_max_mb)`,
      );
    }
    const opened = await openedPath(handle);
    if (opened !== null && !isWithin(opened, root)) {
      throw new ForbiddenError(`${relative} leads outside the session's working directory`);
    }
    return { handle, size: stat.size, name: path.basename(asked) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A download path: relative to the session's folder, without `..` or NUL, bounded. */
export function checkRelativePath(relative: string): void {
  if (relative.length === 0) throw new BadInputError('give the path of a file in the session\'s working directory');
  if (relative.length > 4096) throw new BadInputError('the path is longer than 4096 characters');
  if (relative.includes('\0')) throw new BadInputError('a path cannot contain NUL');
  if (path.isAbsolute(relative)) {
    throw new BadInputError(`"${relative}" is absolute; give a path relative to the session's working directory`);
  }
  if (relative.split(/[\\/]/).includes('..')) {
    throw new BadInputError(`"${relative}" contains ".."; give a path inside the session's working directory`);
  }
}

/** Where a descriptor really points (Linux's /proc/self/fd); null where that is not available. */
async function openedPath(handle: FileHandle): Promise<string | null> {
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return null;
  }
}
