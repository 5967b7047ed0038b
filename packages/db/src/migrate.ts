// Start-up migrator: applies prisma/migrations with better-sqlite3 directly, so the daemon needs
// neither the Prisma CLI nor its schema engine at run time. It keeps `_prisma_migrations` exactly
// as Prisma does, so `prisma migrate status|dev|deploy` keep working on the same file.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** How long a connection waits for another connection's write lock. @default 5000 */
export const BUSY_TIMEOUT_MS = 5_000;

/** Prisma's own DDL for its bookkeeping table (SQLite flavour), byte for byte. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export type MigrationErrorCode =
  /** The migrations folder is missing or a migration folder has no migration.sql. */
  | 'MIGRATIONS_UNREADABLE'
  /** A migration.sql changed after it was applied to this database. */
  | 'CHECKSUM_MISMATCH'
  /** The database has a migration this build does not know: it was migrated by a newer rdv. */
  | 'UNKNOWN_MIGRATION'
  /** A `prisma migrate` run started a migration and never finished it. */
  | 'UNFINISHED_MIGRATION'
  /** A migration's SQL failed (or left broken foreign keys); it was rolled back. */
  | 'APPLY_FAILED';

/** Why `migrateDatabase` refused to run or failed; `code` says which case. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface MigrateOptions {
  /** SQLite file; created when missing, but its parent folder must exist. */
  dbPath: string;
  /** Folder of `<timestamp>_<name>/migration.sql` folders, as `prisma migrate dev` writes them. */
  migrationsDir: string;
}

export interface MigrateResult {
  /** Names of the migrations applied by this call, in order; empty when already up to date. */
  applied: string[];
}

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  rolled_back_at: string | null;
}

/**
 * Brings the database at `dbPath` up to date with `migrationsDir`. Idempotent; when nothing is
 * pending it costs one read of `_prisma_migrations` plus hashing the local migration files.
 * Also turns on WAL mode, which persists in the file for every later connection.
 *
 * @throws {MigrationError} when the database and the migrations disagree (see its `code`).
 */
export function migrateDatabase({ dbPath, migrationsDir }: MigrateOptions): MigrateResult {
  const local = readLocalMigrations(migrationsDir);
  const db = new Database(dbPath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');

    const pending = findPending(readMigrationRows(db), local, dbPath);
    const applied: string[] = [];
    if (pending.length === 0) return { applied };

    // SQLite ignores `PRAGMA foreign_keys` inside a transaction, and Prisma's "redefine table"
    // migrations rely on switching it off: with it on, their DROP TABLE would fire ON DELETE
    // CASCADE and empty the child tables. So switch it off around the transactions and check
    // the keys before each commit instead (SQLite's documented ALTER TABLE procedure).
    db.pragma('foreign_keys = OFF');
    try {
      for (const migration of pending) {
        if (applyMigration(db, migration)) applied.push(migration.name);
      }
    } finally {
      db.pragma('foreign_keys = ON');
    }
    return { applied };
  } finally {
    db.close();
  }
}

function readLocalMigrations(migrationsDir: string): LocalMigration[] {
  try {
    return readdirSync(migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .map((name) => {
        const bytes = readFileSync(path.join(migrationsDir, name, 'migration.sql'));
        // Prisma's checksum: sha256 of the file's bytes, lowercase hex.
        const checksum = createHash('sha256').update(bytes).digest('hex');
        return { name, sql: bytes.toString('utf8'), checksum };
      });
  } catch (error) {
    throw new MigrationError(
      'MIGRATIONS_UNREADABLE',
      `Cannot read the migrations in ${migrationsDir}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

function readMigrationRows(db: Database.Database): MigrationRow[] {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
    .get();
  if (table === undefined) return [];
  return db
    .prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations')
    .all() as MigrationRow[];
}

/** Checks what the database has applied against the local files; returns what is left to do. */
function findPending(
  rows: MigrationRow[],
  local: LocalMigration[],
  dbPath: string,
): LocalMigration[] {
  const localByName = new Map(local.map((m) => [m.name, m]));
  const applied = new Set<string>();
  // Rows with rolled_back_at were marked rolled back by `prisma migrate resolve`: Prisma
  // ignores them and so do we.
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) {
      throw new MigrationError(
        'UNFINISHED_MIGRATION',
        `Migration ${row.migration_name} was started on ${dbPath} but never finished. ` +
          'Repair the database, then mark it with `prisma migrate resolve`.',
      );
    }
    const migration = localByName.get(row.migration_name);
    if (migration === undefined) {
      throw new MigrationError(
        'UNKNOWN_MIGRATION',
        `${dbPath} has migration ${row.migration_name}, which this build of rdv does not know: ` +
          'the database was probably created by a newer rdv. Upgrade rdv or use another database.',
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        'CHECKSUM_MISMATCH',
        `Migration ${row.migration_name} changed after it was applied to ${dbPath} ` +
          `(checksum ${row.checksum} in the database, ${migration.checksum} on disk). ` +
          'Applied migrations must not be edited; add a new migration instead.',
      );
    }
    applied.add(row.migration_name);
  }
  return local.filter((m) => !applied.has(m.name));
}

/** Applies one migration in its own write transaction; false when another process beat us. */
function applyMigration(db: Database.Database, migration: LocalMigration): boolean {
  const apply = db.transaction((): boolean => {
    db.exec(CREATE_MIGRATIONS_TABLE);
    // Re-read under the write lock: a second daemon may have applied it since our first look.
    const done = db
      .prepare(
        'SELECT 1 FROM _prisma_migrations WHERE migration_name = ? ' +
          'AND finished_at IS NOT NULL AND rolled_back_at IS NULL',
      )
      .get(migration.name);
    if (done !== undefined) return false;

    const startedAt = prismaTimestamp();
    db.exec(migration.sql);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) {
      throw new Error(`it leaves ${broken.length} row(s) with a dangling foreign key`);
    }
    db.prepare(
      'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, ' +
        'rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
    ).run(randomUUID(), migration.checksum, prismaTimestamp(), migration.name, startedAt);
    return true;
  });
  try {
    return apply.immediate();
  } catch (error) {
    throw new MigrationError(
      'APPLY_FAILED',
      `Migration ${migration.name} failed and was rolled back: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

/** The format Prisma writes into `_prisma_migrations`: `2026-01-02T03:04:05.678+00:00`. */
function prismaTimestamp(): string {
  return new Date().toISOString().replace('Z', '+00:00');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
