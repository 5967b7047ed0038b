import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { hashToken, looksLikeCliToken, tokenLookupPrefix, type TokenService } from '@rdv/api';
import type { PrismaClient } from '@rdv/db';
import { PRIVATE_FILE_MODE } from './home.ts';

/**
 * Makes sure the OS user running the daemon exists as an rdv user, and that `cli-token` holds
 * a valid token of theirs, so the CLI works with no set-up step. An existing valid token is
 * kept (scripts may have copied it); a missing, revoked or expired one is replaced.
 */
export async function ensureLocalUser(
  db: PrismaClient,
  tokens: TokenService,
  cliTokenFile: string,
): Promise<{ userId: string; username: string; tokenCreated: boolean }> {
  const username = userInfo().username;
  const user = await db.user.upsert({
    where: { username },
    update: {},
    create: { username, displayName: username },
    select: { id: true },
  });

  if (await hasValidToken(db, user.id, cliTokenFile)) {
    return { userId: user.id, username, tokenCreated: false };
  }
  const created = await tokens.create(user.id, { name: `local cli (${hostname()})` });
  const temp = `${cliTokenFile}.${process.pid}.tmp`;
  writeFileSync(temp, `${created.token}\n`, { mode: PRIVATE_FILE_MODE });
  renameSync(temp, cliTokenFile);
  return { userId: user.id, username, tokenCreated: true };
}

async function hasValidToken(db: PrismaClient, userId: string, file: string): Promise<boolean> {
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch {
    return false;
  }
  if (!looksLikeCliToken(token)) return false;
  const row = await db.cliToken.findUnique({
    where: { prefix: tokenLookupPrefix(token) },
    select: { userId: true, hash: true, revokedAt: true, expiresAt: true },
  });
  return (
    !!row &&
    row.userId === userId &&
    row.hash === hashToken(token) &&
    !row.revokedAt &&
    (!row.expiresAt || row.expiresAt.getTime() > Date.now())
  );
}
