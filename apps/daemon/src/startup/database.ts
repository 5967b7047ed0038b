import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDb, defaultMigrationsDir, migrateDatabase, type PrismaClient } from '@rdv/db';

/**
 * The bundled daemon ships its migrations beside main.js (dist/migrations); from source they
 * are read from the repository's prisma/ folder.
 */
export function migrationsDir(): string {
  const bundled = fileURLToPath(new URL('./migrations', import.meta.url));
  return existsSync(bundled) ? bundled : defaultMigrationsDir();
}

/** Applies pending migrations (a no-op start costs one SELECT) and opens the one PrismaClient. */
export function openDatabase(dbPath: string): { db: PrismaClient; applied: string[] } {
  const { applied } = migrateDatabase({ dbPath, migrationsDir: migrationsDir() });
  return { db: createDb({ dbPath }), applied };
}
