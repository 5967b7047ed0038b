import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, dbPing } from './client.ts';
import type { PrismaClient } from './generated/client.ts';
import { createTempDatabase, type TempDatabase } from './temp-database.ts';

let temp: TempDatabase;
let db: PrismaClient;

beforeAll(() => {
  temp = createTempDatabase('rdv-db-client-');
  db = temp.db;
});

afterAll(() => temp.remove());

async function createUser(username: string) {
  return db.user.create({ data: { username } });
}

describe('createDb', () => {
  it('creates a user and a CLI token and reads them back', async () => {
    const user = await createUser('alice');
    const expiresAt = new Date('2030-01-01T00:00:00.000Z');
    await db.cliToken.create({
      data: {
        userId: user.id,
        name: 'laptop',
        prefix: 'rdv_0123abcd',
        hash: 'a'.repeat(64),
        expiresAt,
      },
    });

    const found = await db.user.findUniqueOrThrow({
      where: { username: 'alice' },
      select: {
        id: true,
        createdAt: true,
        cliTokens: { select: { prefix: true, expiresAt: true, revokedAt: true } },
      },
    });
    expect(found.id).toBe(user.id);
    expect(found.createdAt).toBeInstanceOf(Date);
    expect(found.cliTokens).toEqual([{ prefix: 'rdv_0123abcd', expiresAt, revokedAt: null }]);
  });

  it('deletes a user’s CLI tokens with the user', async () => {
    const user = await createUser('bob');
    await db.cliToken.create({
      data: { userId: user.id, name: 'ci', prefix: 'rdv_bob00000', hash: 'b'.repeat(64) },
    });

    await db.user.delete({ where: { id: user.id } });
    expect(await db.cliToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it('refuses to delete a folder that has subfolders, but deletes a user’s whole tree', async () => {
    const user = await createUser('carol');
    const root = await db.folder.create({ data: { userId: user.id, name: 'root' } });
    const child = await db.folder.create({
      data: { userId: user.id, name: 'child', parentId: root.id },
    });
    await db.folder.create({ data: { userId: user.id, name: 'grandchild', parentId: child.id } });

    await expect(db.folder.delete({ where: { id: root.id } })).rejects.toMatchObject({
      code: 'P2003',
    });
    await db.user.delete({ where: { id: user.id } });
    expect(await db.folder.count({ where: { userId: user.id } })).toBe(0);
  });

  it('allows one user-level preference row per user', async () => {
    const user = await createUser('dave');
    await db.preference.create({ data: { userId: user.id, scope: 'user', theme: 'dark' } });

    await expect(
      db.preference.create({ data: { userId: user.id, scope: 'user' } }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });
});

describe('dbPing', () => {
  it('is true for a working database', async () => {
    expect(await dbPing(db)).toBe(true);
  });

  it('is false, not a throw, when the database cannot be opened', async () => {
    const broken = createDb({ dbPath: path.join(path.dirname(temp.dbPath), 'missing-folder', 'rdv.db') });
    expect(await dbPing(broken)).toBe(false);
    await broken.$disconnect().catch(() => undefined);
  });
});
