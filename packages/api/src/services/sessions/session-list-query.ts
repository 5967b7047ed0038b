import { Prisma, type PrismaClient } from '@rdv/db';
import type { z } from 'zod';
import type { sessionListAfterSchema, sessionListInput } from '../../schemas/sessions.ts';
import { sessionSelect, type SessionRow } from './session-view.ts';

/** The columns of `sessionSelect`, in its order: one list for both queries of a session. */
const COLUMNS = Prisma.raw(Object.keys(sessionSelect).map((column) => `"${column}"`).join(', '));

/**
 * `sessions.list`'s rows as one SQL statement through Prisma's `$queryRaw`, not `findMany`.
 * `findMany` compiles a query plan in Prisma's WebAssembly and then builds every row field by
 * field in JavaScript: 8.6 ms for a page of 501 rows against 2.7 ms this way, in one process with
 * the daemon's V8 flags; about 5 ms less per two pages of 500 through the daemon's API. The list
 * is what `rdv session list` and every dashboard poll wait for.
 * It runs on the same connection; the driver adapter encodes a Date parameter the way it stores
 * dates, so the page position compares like Prisma's own, and it types each value by the
 * column's declared type (booleans, Dates), so the rows are what `findMany` returned
 * (session-list-query.test.ts holds the two to the same rows and pages).
 */
export function listSessionRows(
  db: PrismaClient,
  userId: string,
  input: z.infer<typeof sessionListInput>,
): Promise<SessionRow[]> {
  const where = [Prisma.sql`"userId" = ${userId}`];
  const status = input?.status;
  if (status !== undefined) {
    const statuses = Array.isArray(status) ? status : [status];
    // An empty list matches nothing, as Prisma's `in: []` does.
    where.push(statuses.length === 0 ? Prisma.sql`0` : Prisma.sql`"status" IN (${Prisma.join(statuses)})`);
  }
  if (input?.folderId !== undefined) {
    where.push(input.folderId === null ? Prisma.sql`"folderId" IS NULL` : Prisma.sql`"folderId" = ${input.folderId}`);
  }
  if (input?.after) where.push(rowsAfter(input.after));
  const limit = input?.limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${input.limit}`;
  // The id breaks ties, so that pages neither repeat nor skip rows created in the same ms.
  return db.$queryRaw<SessionRow[]>`SELECT ${COLUMNS} FROM "sessions" WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY "pinned" DESC, "createdAt" ASC, "id" ASC ${limit}`;
}

/**
 * The rows that come after `after` in the list's order (pinned first, then by creation, then by
 * id): keyset paging, so a page costs the same however deep it is and rows added meanwhile are
 * neither repeated nor skipped.
 */
function rowsAfter(after: z.infer<typeof sessionListAfterSchema>): Prisma.Sql {
  const createdAt = new Date(after.createdAt);
  const pinned = after.pinned ? 1 : 0;
  return Prisma.sql`(${after.pinned ? Prisma.sql`"pinned" = 0 OR ` : Prisma.empty}("pinned" = ${pinned} AND "createdAt" > ${createdAt})
    OR ("pinned" = ${pinned} AND "createdAt" = ${createdAt} AND "id" > ${after.id}))`;
}
