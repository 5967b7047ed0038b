// Configuration for the Prisma CLI (`generate`, `migrate dev|deploy|status`), fully offline:
// the JS schema engine talks to SQLite through the better-sqlite3 driver adapter, so no native
// engine has to be downloaded. The daemon does not use this file; it migrates with
// src/migrate.ts and queries with src/client.ts.
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

/** Database used by `prisma migrate dev`; relative `file:` URLs resolve against this folder. */
const DEFAULT_DEV_DB_URL = 'file:./dev.db';

function resolveDbUrl(url: string): string {
  const file = url.replace(/^file:/, '');
  if (file === ':memory:' || path.isAbsolute(file)) return `file:${file}`;
  return `file:${path.resolve(import.meta.dirname, file)}`;
}

type ShadowDb = Awaited<ReturnType<PrismaBetterSQLite3['connectToShadowDb']>>;

/**
 * `migrate dev` replays each migration on the shadow database with a single argument-less
 * `executeRaw` holding the whole multi-statement file; better-sqlite3's `prepare()` accepts
 * one statement only (P3006). Send those calls to `executeScript` (`db.exec`) instead.
 */
function withScriptExecution(db: ShadowDb): ShadowDb {
  const executeRaw = db.executeRaw.bind(db);
  db.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await db.executeScript(query.sql);
    return 0;
  };
  return db;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(import.meta.dirname, '../../prisma/schema.prisma'),
  migrations: { path: path.join(import.meta.dirname, '../../prisma/migrations') },
  adapter: async () => {
    // Read here, not at module load, so `prisma generate` never needs it.
    const url = resolveDbUrl(process.env.RDV_DB_URL ?? DEFAULT_DEV_DB_URL);
    const factory = new PrismaBetterSQLite3({ url });
    const connectToShadowDb = factory.connectToShadowDb.bind(factory);
    factory.connectToShadowDb = async () => withScriptExecution(await connectToShadowDb());
    return factory;
  },
});
