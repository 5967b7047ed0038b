import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError, migrateDatabase } from './migrate.ts';
import { defaultMigrationsDir } from './paths.ts';

const SOURCE_MIGRATIONS = defaultMigrationsDir();
/** Every migration rdv ships, oldest first (a fresh database gets all of them). */
const SHIPPED = readdirSync(SOURCE_MIGRATIONS)
  .filter((name) => /^\d{14}_/.test(name))
  .sort();
const INIT = SHIPPED[0]!;

let dir: string;
let dbPath: string;
let migrationsDir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rdv-db-migrate-'));
  dbPath = path.join(dir, 'rdv.db');
  migrationsDir = path.join(dir, 'migrations');
  cpSync(SOURCE_MIGRATIONS, migrationsDir, { recursive: true });
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function open(): Database.Database {
  return new Database(dbPath);
}

function addMigration(name: string, sql: string): void {
  mkdirSync(path.join(migrationsDir, name));
  writeFileSync(path.join(migrationsDir, name, 'migration.sql'), sql);
}

function migrationError(run: () => unknown): MigrationError {
  try {
    run();
  } catch (error) {
    if (error instanceof MigrationError) return error;
    throw error;
  }
  throw new Error('expected a MigrationError');
}

describe('migrateDatabase', () => {
  it('creates every table on an empty database and turns WAL on', () => {
    expect(migrateDatabase({ dbPath, migrationsDir })).toEqual({ applied: SHIPPED });

    const db = open();
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      '_prisma_migrations',
      'audit_logs',
      'cli_tokens',
      'folders',
      'insights',
      'notification_channels',
      'orchestrators',
      'preferences',
      'push_subscriptions',
      'sessions',
      'share_links',
      'trash_items',
      'users',
      'worktrees',
    ]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('records the migration the way Prisma does', () => {
    migrateDatabase({ dbPath, migrationsDir });

    const db = open();
    const row = db
      .prepare('SELECT * FROM _prisma_migrations WHERE migration_name = ?')
      .get(INIT) as Record<string, unknown>;
    db.close();
    const sql = readFileSync(path.join(migrationsDir, INIT, 'migration.sql'));
    expect(row).toMatchObject({
      migration_name: INIT,
      checksum: createHash('sha256').update(sql).digest('hex'),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });

  it('applies nothing the second time, quickly', () => {
    migrateDatabase({ dbPath, migrationsDir });

    const start = performance.now();
    expect(migrateDatabase({ dbPath, migrationsDir })).toEqual({ applied: [] });
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('applies only the new migrations', () => {
    migrateDatabase({ dbPath, migrationsDir });
    addMigration('29990101000000_add_note', 'ALTER TABLE "users" ADD COLUMN "note" TEXT;');

    expect(migrateDatabase({ dbPath, migrationsDir })).toEqual({
      applied: ['29990101000000_add_note'],
    });
  });

  it('refuses a migration whose checksum changed after it was applied', () => {
    migrateDatabase({ dbPath, migrationsDir });
    appendFileSync(path.join(migrationsDir, INIT, 'migration.sql'), '\n-- edited\n');

    const error = migrationError(() => migrateDatabase({ dbPath, migrationsDir }));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain(INIT);
  });

  it('refuses a database migrated by a newer build', () => {
    addMigration('29990101000000_from_the_future', 'CREATE TABLE "future" ("id" TEXT);');
    migrateDatabase({ dbPath, migrationsDir });
    rmSync(path.join(migrationsDir, '29990101000000_from_the_future'), { recursive: true });

    const error = migrationError(() => migrateDatabase({ dbPath, migrationsDir }));
    expect(error.code).toBe('UNKNOWN_MIGRATION');
    expect(error.message).toContain('29990101000000_from_the_future');
  });

  it('refuses a migration that a crashed prisma run left unfinished', () => {
    migrateDatabase({ dbPath, migrationsDir });
    const db = open();
    db.prepare('UPDATE _prisma_migrations SET finished_at = NULL').run();
    db.close();

    expect(migrationError(() => migrateDatabase({ dbPath, migrationsDir })).code).toBe(
      'UNFINISHED_MIGRATION',
    );
  });

  it('rolls back a failing migration entirely', () => {
    migrateDatabase({ dbPath, migrationsDir });
    addMigration(
      '29990101000000_broken',
      'CREATE TABLE "half_done" ("id" TEXT);\nINSERT INTO "no_such_table" VALUES (1);',
    );

    const error = migrationError(() => migrateDatabase({ dbPath, migrationsDir }));
    expect(error.code).toBe('APPLY_FAILED');
    expect(error.message).toContain('no_such_table');
    const db = open();
    expect(
      db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").get(),
    ).toBeUndefined();
    expect(db.prepare('SELECT count(*) FROM _prisma_migrations').pluck().get()).toBe(SHIPPED.length);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  // Prisma's "redefine table" migrations drop and recreate a parent table. With foreign keys
  // on, that DROP TABLE would cascade-delete every child row.
  it('keeps child rows when a migration redefines their parent table', () => {
    migrateDatabase({ dbPath, migrationsDir });
    const db = open();
    db.prepare(
      `INSERT INTO users (id, username, updatedAt) VALUES ('u1', 'alice', '2026-01-01')`,
    ).run();
    db.prepare(
      `INSERT INTO cli_tokens (id, userId, name, prefix, hash) VALUES ('t1', 'u1', 'laptop', 'rdv_abcdefgh', 'x')`,
    ).run();
    db.close();
    addMigration(
      '29990101000000_redefine_users',
      `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_users" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "email" TEXT,
    "displayName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_users" SELECT * FROM "users";
DROP TABLE "users";
ALTER TABLE "new_users" RENAME TO "users";
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`,
    );

    expect(migrateDatabase({ dbPath, migrationsDir }).applied).toEqual([
      '29990101000000_redefine_users',
    ]);
    const after = open();
    expect(after.prepare('SELECT id FROM cli_tokens').pluck().all()).toEqual(['t1']);
    after.close();
  });

  it('says which folder it cannot read', () => {
    const missing = path.join(dir, 'nowhere');
    const error = migrationError(() => migrateDatabase({ dbPath, migrationsDir: missing }));
    expect(error.code).toBe('MIGRATIONS_UNREADABLE');
    expect(error.message).toContain(missing);
  });
});
