import { chmodSync, closeSync, lstatSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HOME_FILES } from '@rdv/contract/home';
import type { DaemonConfig } from '@rdv/config';
import { PRIVATE_FILE_MODE } from './home.ts';

/** SQLite's companions of a database file; they hold the same rows (WAL) and must be as private. */
export const DATABASE_COMPANIONS = ['-wal', '-shm', '-journal'];

/**
 * Tightens what an earlier version or a person left readable: every regular file directly in
 * RDV_HOME and in its server/ folder, plus the configured database, tokens and log wherever
 * they live, loses its group and other bits (`cli-token` at 0644 becomes 0600). Only our own
 * files, never through a symlink, never recursively (trash/ holds people's worktrees).
 * Returns the paths it changed, for the log.
 */
export function tightenPrivateFiles(config: DaemonConfig): string[] {
  const candidates = new Set<string>([
    ...listFiles(config.home),
    ...listFiles(join(config.home, HOME_FILES.serverDir)),
    config.configFile,
    config.cliTokenFile,
    config.serviceTokenFile,
    config.pidFile,
    config.logFile,
    config.databasePath,
    ...DATABASE_COMPANIONS.map((suffix) => `${config.databasePath}${suffix}`),
  ]);
  const changed: string[] = [];
  for (const path of candidates) {
    try {
      const stats = lstatSync(path);
      if (!stats.isFile() || stats.uid !== process.getuid?.() || (stats.mode & 0o077) === 0) continue;
      chmodSync(path, stats.mode & 0o700);
      changed.push(path);
    } catch {
      // Gone, or not ours to change: doctor reports what is still wrong.
    }
  }
  return changed;
}

/**
 * Creates the database file 0600 before SQLite does (it would use the umask, 0644): SQLite gives
 * its -wal and -shm files the database file's mode, so they are private too.
 */
export function ensurePrivateDatabaseFile(databasePath: string): void {
  closeSync(openSync(databasePath, 'a', PRIVATE_FILE_MODE));
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(dir, entry.name));
  } catch {
    return [];
  }
}
