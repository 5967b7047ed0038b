// listSessionRows is sessions.list's SQL, written by hand for speed: on a real SQLite file it must
// return exactly what Prisma's findMany returns for the same filters, page by page, including
// rows created in the same millisecond on both sides of a page's end, pinned rows, every status,
// folders, no folder, another owner's rows, and values of every column type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma, PrismaClient } from '@rdv/db';
import { createTempDatabase, type TempDatabase } from '@rdv/db/temp-database';
import { SESSION_STATUSES } from '../../schemas/sessions.ts';
import { listSessionRows } from './session-list-query.ts';
import { sessionSelect, type SessionRow } from './session-view.ts';

type ListInput = Parameters<typeof listSessionRows>[2];

/** What sessions.list returned before it was SQL: Prisma's findMany with the same filters. */
function viaFindMany(db: PrismaClient, userId: string, input: ListInput): Promise<SessionRow[]> {
  const status = input?.status;
  const after = input?.after;
  const createdAt = after ? new Date(after.createdAt) : undefined;
  const where: Prisma.SessionWhereInput = {
    userId,
    ...(status === undefined ? {} : { status: { in: Array.isArray(status) ? status : [status] } }),
    ...(input?.folderId === undefined ? {} : { folderId: input.folderId }),
    ...(after
      ? {
          OR: [
            ...(after.pinned ? [{ pinned: false }] : []),
            { pinned: after.pinned, createdAt: { gt: createdAt } },
            { pinned: after.pinned, createdAt, id: { gt: after.id } },
          ],
        }
      : {}),
  };
  return db.session.findMany({
    where,
    select: sessionSelect,
    orderBy: [{ pinned: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
    ...(input?.limit === undefined ? {} : { take: input.limit }),
  });
}

/** Every page of `input` with `limit`, walked to the end the way the CLI walks them. */
async function walk(list: (input: ListInput) => Promise<SessionRow[]>, input: ListInput, limit: number) {
  const pages: SessionRow[][] = [];
  let after: NonNullable<ListInput>['after'];
  for (;;) {
    const page = await list({ ...input, limit, ...(after ? { after } : {}) });
    pages.push(page);
    if (page.length < limit) return pages;
    const last = page.at(-1)!;
    after = { pinned: last.pinned, createdAt: last.createdAt.toISOString(), id: last.id };
  }
}

describe('listSessionRows', () => {
  let temp: TempDatabase;
  let db: PrismaClient;
  let userId: string;
  let folderId: string;

  beforeAll(async () => {
    temp = createTempDatabase('rdv-list-');
    db = temp.db;
    userId = (await db.user.create({ data: { username: 'alice' } })).id;
    const otherId = (await db.user.create({ data: { username: 'bob' } })).id;
    folderId = (await db.folder.create({ data: { userId, name: 'work' } })).id;
    // Creation times in clusters of three rows sharing a millisecond, so that some page ends fall
    // inside a cluster; every third row pinned; statuses, folders and optional columns varied.
    const base = Date.parse('2026-12-07T10:00:00.000Z');
    for (let i = 0; i < 40; i++) {
      const createdAt = new Date(base + Math.floor(i / 3) * 7);
      await db.session.create({
        data: {
          // Ids out of creation order, so that the tie-break by id is really exercised.
          id: `s${String((i * 17) % 40).padStart(3, '0')}`,
          userId: i % 13 === 12 ? otherId : userId,
          name: `session ${i}`,
          kind: i % 2 ? 'agent' : 'shell',
          command: i % 4 === 0 ? null : `claude --flag ${i}`,
          cwd: `/home/alice/p${i}`,
          status: SESSION_STATUSES[i % SESSION_STATUSES.length]!,
          tmuxName: `rdv-s${i}`,
          folderId: i % 5 === 0 ? folderId : null,
          pinned: i % 3 === 0,
          cols: 80 + i,
          rows: 24 + i,
          exitCode: i % 6 === 0 ? i - 20 : null,
          exitedAt: i % 6 === 0 ? new Date(base + 60_000 + i) : null,
          agentStatus: i % 2 ? 'waiting' : null,
          agentStatusAt: i % 2 ? new Date(base + 120_000 + i) : null,
          agent: i % 2 ? 'claude' : null,
          agentSessionId: i % 4 === 1 ? `0d8f3c1e-52b4-4f6a-9c2d-${String(i).padStart(12, '0')}` : null,
          lastActivityAt: i % 3 === 1 ? new Date(base + 180_000 + i) : null,
          closedAt: i % 5 === 3 ? new Date(base + 240_000 + i) : null,
          createdAt,
        },
      });
    }
  });
  afterAll(() => temp.remove());

  /** Every filter sessions.list takes, and some that match nothing. */
  const filters = (): ListInput[] => [
    undefined,
    {},
    { status: 'active' },
    { status: ['active', 'suspended', 'exited'] },
    { status: [] },
    { folderId: null },
    { folderId },
    { folderId: 'no-such-folder' },
  ];

  it('returns what findMany returned, whole and in pages of every size', async () => {
    const list = (input: ListInput) => listSessionRows(db, userId, input);
    let compared = 0;
    for (const input of filters()) {
      const whole = await listSessionRows(db, userId, input);
      expect(whole, JSON.stringify(input)).toEqual(await viaFindMany(db, userId, input));
      for (const limit of [1, 2, 3, 4, 7, 40]) {
        const pages = await walk(list, input, limit);
        expect(pages, `${JSON.stringify(input)} limit ${limit}`).toEqual(
          await walk((i) => viaFindMany(db, userId, i), input, limit),
        );
        expect(pages.flat()).toEqual(whole);
        compared++;
      }
    }
    expect(compared).toBe(filters().length * 6);
    // The data set is what the test says: ties, pins, and someone else's rows left out.
    const all = await listSessionRows(db, userId, undefined);
    expect(all.length).toBe(37);
    expect(all.filter((row) => row.pinned).length).toBeGreaterThan(5);
    expect(new Set(all.map((row) => row.createdAt.getTime())).size).toBeLessThan(all.length);
  });

  it('types every column as findMany does: booleans, numbers, Dates and nulls', async () => {
    const [row] = await listSessionRows(db, userId, { status: 'active', limit: 1 });
    expect(row).toBeDefined();
    expect(typeof row!.pinned).toBe('boolean');
    expect(typeof row!.cols).toBe('number');
    expect(row!.createdAt).toBeInstanceOf(Date);
    expect(Object.keys(row!)).toEqual(Object.keys(sessionSelect));
    // Each optional date column holds a Date in some row (toEqual above would tell a string apart).
    const all = await listSessionRows(db, userId, undefined);
    for (const column of ['exitedAt', 'agentStatusAt', 'lastActivityAt', 'closedAt'] as const) {
      expect(all.some((r) => r[column] instanceof Date), column).toBe(true);
    }
  });

  it('takes a position that names no row, and finds the rows after where it would be', async () => {
    const after = { pinned: false, createdAt: '2026-12-07T10:00:00.020Z', id: 'zzz' };
    expect(await listSessionRows(db, userId, { after })).toEqual(await viaFindMany(db, userId, { after }));
    const pinnedAfter = { ...after, pinned: true };
    expect(await listSessionRows(db, userId, { after: pinnedAfter })).toEqual(
      await viaFindMany(db, userId, { after: pinnedAfter }),
    );
  });
});
