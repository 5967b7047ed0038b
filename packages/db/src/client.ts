import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.ts';
import { BUSY_TIMEOUT_MS } from './migrate.ts';
import { installQueryPlanCache } from './query-plan-cache.ts';

export interface CreateDbOptions {
  /** SQLite file, already migrated with `migrateDatabase`. */
  dbPath: string;
}

/**
 * Creates a Prisma client on `dbPath` through the better-sqlite3 driver adapter (no native
 * engine). The connection opens lazily, on the first query. Create one per process and
 * `$disconnect()` it on shutdown. Reads reuse the query plans of identical earlier reads (see
 * query-plan-cache.ts).
 */
export function createDb({ dbPath }: CreateDbOptions): PrismaClient {
  // The adapter strips a leading `file:` and hands the rest to better-sqlite3 unchanged.
  // better-sqlite3 is built with foreign keys on by default; WAL persists from migrateDatabase.
  const adapter = new PrismaBetterSQLite3({ url: `file:${dbPath}`, timeout: BUSY_TIMEOUT_MS });
  installQueryPlanCache();
  return new PrismaClient({ adapter });
}

/** Whether the database answers `SELECT 1`. Never throws; for health checks. */
export async function dbPing(db: PrismaClient): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
