import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateCliToken, hashToken, tokenLookupPrefix } from '@rdv/api';
import { cliClient, startDaemon, type DaemonProcess } from './daemon.ts';

/** The two user rows after a hand-over: the daemon's owner now, and the one before. */
export interface HandOver {
  daemon: DaemonProcess;
  /** The owner now: a fresh row, with the token now in `cli-token`. */
  owner: { userId: string; token: string };
  /** The owner before, whose rows (sessions, folders, tokens, ...) stay in the database. */
  previous: { userId: string; token: string };
}

/**
 * Makes the daemon's owner row a stranger's: stops the daemon, renames its owner row in the
 * database so the OS account no longer matches it, and starts the daemon again, which makes a
 * fresh owner row. The rows left behind are what an older, multi-user rdv leaves in a database:
 * the only way rows of another user can exist, since no API creates users. Calling it again
 * hands the daemon back (the rows swap names), so a test can check the left rows afterwards.
 */
export async function handOver(daemon: DaemonProcess, env: NodeJS.ProcessEnv = {}): Promise<HandOver> {
  const previousToken = daemon.cliToken();
  const before = cliClient(daemon);
  const previousId = (await before.client.me.get.query()).user.id;
  await before.close();
  await daemon.stop();

  const os = userInfo().username;
  const db = new Database(join(daemon.home, 'sqlite.db'));
  try {
    const stranger = `previous-owner-of-${previousId}`;
    // A row that was the owner before (a second hand-over) takes the OS account's name back.
    const waiting = db.prepare('SELECT id FROM users WHERE username LIKE ? AND id != ?').get('previous-owner-of-%', previousId) as
      | { id: string }
      | undefined;
    db.prepare('UPDATE users SET username = ? WHERE id = ?').run(stranger, previousId);
    if (waiting) db.prepare('UPDATE users SET username = ? WHERE id = ?').run(os, waiting.id);
  } finally {
    db.close();
  }

  const next = await startDaemon(daemon.home, env);
  const after = cliClient(next);
  const ownerId = (await after.client.me.get.query()).user.id;
  await after.close();
  return {
    daemon: next,
    owner: { userId: ownerId, token: next.cliToken() },
    previous: { userId: previousId, token: previousToken },
  };
}

/** A new CLI token of the owner's, for a test that needs a budget of its own (limits are per token). */
export async function ownerToken(daemon: DaemonProcess, name: string): Promise<{ id: string; token: string }> {
  const api = cliClient(daemon);
  try {
    const { id, token } = await api.client.tokens.create.mutate({ name });
    return { id, token };
  } finally {
    await api.close();
  }
}

/**
 * Adds a user row that is not the owner, with a CLI token, straight into the database file (as an
 * older, multi-user rdv left them; no API creates users). The daemon must refuse that token.
 */
export function addStrayUser(home: string, username: string): { userId: string; token: string } {
  const db = new Database(join(home, 'sqlite.db'));
  try {
    const userId = `u${randomBytes(12).toString('hex')}`;
    const now = new Date().toISOString();
    db.prepare('INSERT INTO users (id, username, "createdAt", "updatedAt") VALUES (?, ?, ?, ?)').run(userId, username, now, now);
    const token = generateCliToken();
    db.prepare(
      'INSERT INTO cli_tokens (id, "userId", name, prefix, hash, "createdAt") VALUES (?, ?, ?, ?, ?, ?)',
    ).run(`t${randomBytes(12).toString('hex')}`, userId, 'test', tokenLookupPrefix(token), hashToken(token), now);
    return { userId, token };
  } finally {
    db.close();
  }
}
