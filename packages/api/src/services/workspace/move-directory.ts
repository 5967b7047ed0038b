import { cp, rename, rm } from 'node:fs/promises';

/**
 * Moves a folder: rename(2) when source and destination share a file system, otherwise a copy
 * (symbolic links kept as links, timestamps kept) then removal of the source. A failed copy
 * removes its partial result and leaves the source untouched.
 */
export async function moveDirectory(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  try {
    await cp(from, to, {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
      errorOnExist: true,
      force: false,
    });
  } catch (error) {
    await rm(to, { recursive: true, force: true });
    throw error;
  }
  await rm(from, { recursive: true, force: true });
}
