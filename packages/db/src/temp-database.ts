import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from './client.ts';
import type { PrismaClient } from './generated/client.ts';
import { migrateDatabase } from './migrate.ts';
import { defaultMigrationsDir } from './paths.ts';

/** A migrated SQLite file in a new temp folder, and its client: for tests on a real database. */
export interface TempDatabase {
  db: PrismaClient;
  dbPath: string;
  /** Disconnects and removes the folder. */
  remove(): Promise<void>;
}

export function createTempDatabase(prefix = 'rdv-db-'): TempDatabase {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  const dbPath = path.join(dir, 'rdv.db');
  migrateDatabase({ dbPath, migrationsDir: defaultMigrationsDir() });
  const db = createDb({ dbPath });
  return {
    db,
    dbPath,
    remove: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
