import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DaemonConfig } from '@rdv/config';

/** Private folders: the home holds sockets and tokens, so only its owner may enter it. */
export const PRIVATE_DIR_MODE = 0o700;
/** Private files and sockets. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates RDV_HOME with mode 0700, tightening it when it already exists with looser bits. */
export function ensureHome(home: string): void {
  ensurePrivateDir(home);
}

/** Creates the folders that configured files live in (server/, the database's folder). */
export function ensureConfigDirs(config: DaemonConfig): void {
  for (const file of [config.pidFile, config.logFile, config.serviceTokenFile, config.cliTokenFile, config.databasePath]) {
    ensurePrivateDir(dirname(file));
  }
}

function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  // Only tighten folders under our control; a database placed in /tmp must not chmod /tmp.
  const stats = statSync(path);
  if (stats.uid === process.getuid?.() && (stats.mode & 0o077) !== 0 && !isSharedSystemDir(path)) {
    chmodSync(path, PRIVATE_DIR_MODE);
  }
}

function isSharedSystemDir(path: string): boolean {
  return ['/', '/tmp', '/var/tmp', '/dev/shm'].includes(path);
}
