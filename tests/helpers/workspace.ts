// Helpers for the folder, preference, worktree and trash integration tests.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import Database from 'better-sqlite3';
import type { DaemonProcess } from './daemon.ts';

export { codeOf, errorOf } from './trpc-errors.ts';

/**
 * Inserts a session row for `userId` in `folderId` (no sessions API needed). A live one gets a
 * real tmux session on the daemon's server, so the daemon's reconcile leaves it alone.
 */
export function addSession(
  daemon: DaemonProcess,
  opts: {
    userId: string;
    folderId: string | null;
    status: 'active' | 'closed';
    worktreeId?: string;
    name?: string;
  },
): string {
  const id = `s${randomBytes(12).toString('hex')}`;
  const tmuxName = `rdv-test-${id.slice(1, 13)}`;
  if (opts.status === 'active') {
    execFileSync('tmux', [
      '-S',
      join(daemon.home, 'tmux.sock'),
      'new-session',
      '-d',
      '-s',
      tmuxName,
      'sleep 600',
    ]);
  }
  const db = new Database(join(daemon.home, 'sqlite.db'));
  try {
    db.prepare(
      'INSERT INTO sessions (id, "userId", name, kind, cwd, status, "tmuxName", "folderId", "worktreeId", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      id,
      opts.userId,
      opts.name ?? id,
      'shell',
      '/tmp',
      opts.status,
      tmuxName,
      opts.folderId,
      opts.worktreeId ?? null,
      new Date().toISOString(),
    );
  } finally {
    db.close();
  }
  return id;
}

/**
 * The test's PATH without the folders that hold `program`: for a daemon that must not find it
 * (no real `gh`, so a stand-in or "not installed" is what it sees, whatever the machine has).
 */
export function pathWithout(program: string): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !existsSync(join(dir, program)))
    .join(delimiter);
}
