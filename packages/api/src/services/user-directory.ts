import { TRPCError } from '@trpc/server';
import { Prisma, type PrismaClient } from '@rdv/db';

/** What `users.ensure` returns: enough for the web app to act for the user. */
export const userSummarySelect = {
  id: true,
  username: true,
  email: true,
} satisfies Prisma.UserSelect;

/**
 * Finds the user with this email, or creates one (username = email) on their first login. The
 * caller (the web app) has already checked that the email is allowed.
 */
export async function ensureUserByEmail(db: PrismaClient, email: string) {
  try {
    return await db.user.upsert({
      where: { email },
      update: {},
      create: { email, username: email, displayName: email.split('@')[0] ?? email },
      select: userSummarySelect,
    });
  } catch (error) {
    // Two first logins at once: one insert wins, the other reads the winner's row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const row = await db.user.findUnique({ where: { email }, select: userSummarySelect });
      if (row) return row;
      throw new TRPCError({
        code: 'CONFLICT',
        message: `the username ${email} belongs to another user`,
      });
    }
    throw error;
  }
}
