import { chmodSync, lstatSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { PRIVATE_FILE_MODE } from '../startup/home.ts';

/**
 * Binds `server` to a unix socket at `path` with mode 0600. A leftover socket file is removed
 * first (the caller has already made sure no live daemon owns it); anything else at that path
 * is refused rather than deleted.
 */
export async function listenOnSocket(server: Server, path: string): Promise<void> {
  removeSocketFile(path);
  // The umask closes the window between bind() and chmod(); the 0700 home closes it too.
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previous);
  }
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Removes a socket file; refuses to remove a regular file or folder someone put there. */
export function removeSocketFile(path: string): void {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return;
  }
  if (!isSocket) throw new Error(`${path} exists and is not a socket; refusing to remove it`);
  rmSync(path, { force: true });
}
