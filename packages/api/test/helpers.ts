// Real SQLite (migrated like the daemon does) in a temp folder; git helpers are @rdv/test-support's.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '@rdv/test-support';
import { createDb, defaultMigrationsDir, migrateDatabase, type PrismaClient } from '@rdv/db';
import {
  createWorkspaceServices,
  type WorktreeSettings,
} from '../src/services/workspace/create-workspace-services.ts';

export interface Workspace {
  dir: string;
  db: PrismaClient;
  userId: string;
  clock: { now: Date };
  services: ReturnType<typeof createWorkspaceServices>;
  dispose(): Promise<void>;
}

export async function makeWorkspace(worktrees: WorktreeSettings = {}): Promise<Workspace> {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'rdv-ws-')));
  const dbPath = path.join(dir, 'rdv.db');
  migrateDatabase({ dbPath, migrationsDir: defaultMigrationsDir() });
  const db = createDb({ dbPath });
  const user = await db.user.create({ data: { username: 'alice' } });
  const clock = { now: new Date('2030-01-01T00:00:00Z') };
  const services = createWorkspaceServices({
    db,
    logger: silentLogger,
    home: path.join(dir, 'home'),
    worktrees: { allowedRoots: [dir], ...worktrees },
    trash: { retentionDays: 30 },
    now: () => clock.now,
  });
  return {
    dir,
    db,
    userId: user.id,
    clock,
    services,
    async dispose() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const days = (n: number) => n * 86_400_000;
