import { lstatSync } from 'node:fs';
import type { Server } from 'node:net';
import type { DaemonLogger } from '../logger.ts';
import { listenOnSocket } from './unix-socket.ts';

/** How often the daemon checks that its socket files are still there. @default 2 s */
export const SOCKET_CHECK_MS = 2_000;

/**
 * Notices a socket file removed from under the daemon (`rm api.sock`, a clean-up script) and
 * binds a new one at the same path; without this the daemon would live on, unreachable, and
 * `rdv server start` could neither reach it nor replace it. Open connections are not affected.
 * A path taken over by something else (another file) is logged and left alone.
 */
export function watchSocket(server: Server, path: string, logger: DaemonLogger, intervalMs = SOCKET_CHECK_MS): { dispose(): void } {
  let inode = currentInode(path);
  let rebinding = false;
  let warnedForeign = false;
  const timer = setInterval(() => {
    if (rebinding) return;
    let stats;
    try {
      stats = lstatSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') void rebind();
      return;
    }
    if (stats.isSocket() && stats.ino === inode) return;
    if (!warnedForeign) logger.error({ path }, 'socket path now holds something else; not touching it (rdv server restart fixes it)');
    warnedForeign = true;
  }, intervalMs).unref();

  async function rebind(): Promise<void> {
    rebinding = true;
    logger.warn({ path }, 'socket file was removed; binding it again');
    try {
      // The old listener still holds the deleted inode: close it (open connections stay) and listen anew.
      server.close();
      await listenOnSocket(server, path);
      inode = currentInode(path);
      warnedForeign = false;
      logger.info({ path }, 'socket bound again');
    } catch (error) {
      logger.error({ err: error, path }, 'could not bind the socket again; will retry');
    } finally {
      rebinding = false;
    }
  }

  return { dispose: () => clearInterval(timer) };
}

function currentInode(path: string): number | undefined {
  try {
    return lstatSync(path).ino;
  } catch {
    return undefined;
  }
}
