import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateCliToken, hashToken, tokenLookupPrefix } from '@rdv/api';

/**
 * Adds another user with a CLI token straight into the daemon's database file in `home` (there
 * is no API to create users) and returns the user id and the token.
 */
export function addUser(home: string, username: string): { userId: string; token: string } {
  const db = new Database(join(home, 'sqlite.db'));
  try {
    const userId = `u${randomBytes(12).toString('hex')}`;
    const now = new Date().toISOString();
    db.prepare(
      'INSERT INTO users (id, username, "createdAt", "updatedAt") VALUES (?, ?, ?, ?)',
    ).run(userId, username, now, now);
    const token = generateCliToken();
    db.prepare(
      'INSERT INTO cli_tokens (id, "userId", name, prefix, hash, "createdAt") VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      `t${randomBytes(12).toString('hex')}`,
      userId,
      'test',
      tokenLookupPrefix(token),
      hashToken(token),
      now,
    );
    return { userId, token };
  } finally {
    db.close();
  }
}
