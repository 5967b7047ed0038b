// Real SQLite (migrated like the daemon does) and real git repositories in temp folders.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, defaultMigrationsDir, migrateDatabase, type PrismaClient } from '@rdv/db';
import {
  createWorkspaceServices,
  type WorktreeSettings,
} from '../src/services/workspace/create-workspace-services.ts';

/** A fixed identity, so commits never depend on the machine's git config. */
export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'rdv test',
  GIT_AUTHOR_EMAIL: 'test@rdv.invalid',
  GIT_COMMITTER_NAME: 'rdv test',
  GIT_COMMITTER_EMAIL: 'test@rdv.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A repository with one commit on main and `.env*` ignored. */
export function makeRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  gitIn(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'README.md'), '# test\n');
  writeFileSync(path.join(dir, '.gitignore'), '.env*\n');
  writeFileSync(path.join(dir, '.env'), 'SECRET=1\n');
  gitIn(dir, 'add', 'README.md', '.gitignore');
  gitIn(dir, 'commit', '-q', '-m', 'init');
  return dir;
}

export const silentLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

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
