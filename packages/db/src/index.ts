export { createDb, dbPing, type CreateDbOptions } from './client.ts';
export {
  BUSY_TIMEOUT_MS,
  MigrationError,
  migrateDatabase,
  type MigrateOptions,
  type MigrateResult,
  type MigrationErrorCode,
} from './migrate.ts';
export { defaultMigrationsDir } from './paths.ts';
export {
  Prisma,
  type AuditLog,
  type CliToken,
  type Folder,
  type Insight,
  type Orchestrator,
  type Preference,
  type PrismaClient,
  type Session,
  type TrashItem,
  type User,
  type Worktree,
} from './generated/client.ts';
