import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { TokenService } from '@rdv/api';
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

  if (await hasValidToken(tokens, user.id, cliTokenFile)) {
    return { userId: user.id, username, tokenCreated: false };
  }
  const created = await tokens.create(user.id, { name: `local cli (${hostname()})` });
  const temp = `${cliTokenFile}.${process.pid}.tmp`;
  writeFileSync(temp, `${created.token}\n`, { mode: PRIVATE_FILE_MODE });
  renameSync(temp, cliTokenFile);
  return { userId: user.id, username, tokenCreated: true };
}

/** The token in `file`, when it is a valid token of the user (checked by the API's TokenService). */
async function hasValidToken(tokens: TokenService, userId: string, file: string): Promise<boolean> {
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch {
    return false;
  }
  return tokens.isValidFor(userId, token);
}
