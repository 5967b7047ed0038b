import { NotFoundError } from '../../errors.ts';
import type { PrismaClient, Prisma } from '@rdv/db';
import { generateCliToken, hashToken, looksLikeCliToken, tokenLookupPrefix, tokenMatchesHash } from '../../auth/tokens.ts';
import type { AuthService } from './auth-service.ts';

/** What a token listing shows: never the hash, never the token. */
export const tokenSummarySelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} satisfies Prisma.CliTokenSelect;

export type TokenSummary = Prisma.CliTokenGetPayload<{ select: typeof tokenSummarySelect }>;

/** Creates, lists, expires and revokes a user's CLI tokens. */
export class TokenService {
  constructor(
    private readonly db: PrismaClient,
    private readonly auth: Pick<AuthService, 'invalidate'>,
  ) {}

  /** Creates a token; the clear token is returned here once and is not recoverable later. */
  async create(
    userId: string,
    input: { name: string; expiresAt?: Date | null },
  ): Promise<TokenSummary & { token: string }> {
    const token = generateCliToken();
    const row = await this.db.cliToken.create({
      data: {
        userId,
        name: input.name,
        prefix: tokenLookupPrefix(token),
        hash: hashToken(token),
        expiresAt: input.expiresAt ?? null,
      },
      select: tokenSummarySelect,
    });
    return { ...row, token };
  }

  /**
   * True when `token` is a CLI token of `userId` that is neither revoked nor expired. The hash is
   * compared in constant time, as authentication does.
   */
  async isValidFor(userId: string, token: string, now = Date.now()): Promise<boolean> {
    if (!looksLikeCliToken(token)) return false;
    const row = await this.db.cliToken.findUnique({
      where: { prefix: tokenLookupPrefix(token) },
      select: { userId: true, hash: true, revokedAt: true, expiresAt: true },
    });
    return (
      !!row &&
      row.userId === userId &&
      tokenMatchesHash(token, row.hash) &&
      !row.revokedAt &&
      (!row.expiresAt || row.expiresAt.getTime() > now)
    );
  }

  list(userId: string): Promise<TokenSummary[]> {
    return this.db.cliToken.findMany({
      where: { userId },
      select: tokenSummarySelect,
      orderBy: { createdAt: 'asc' },
    });
  }

  /** Revokes one of the caller's tokens; someone else's id is NOT_FOUND, like a missing one. */
  async revoke(userId: string, id: string): Promise<TokenSummary> {
    const existing = await this.db.cliToken.findFirst({ where: { id, userId }, select: { id: true } });
    if (!existing) throw new NotFoundError(`token ${id} not found`);
    const row = await this.db.cliToken.update({
      where: { id },
      data: { revokedAt: new Date() },
      select: tokenSummarySelect,
    });
    this.auth.invalidate();
    return row;
  }

  /** Changes when one of the caller's tokens expires; someone else's id is NOT_FOUND. */
  async setExpiry(userId: string, id: string, expiresAt: Date | null): Promise<TokenSummary> {
    const existing = await this.db.cliToken.findFirst({ where: { id, userId }, select: { id: true } });
    if (!existing) throw new NotFoundError(`token ${id} not found`);
    const row = await this.db.cliToken.update({ where: { id }, data: { expiresAt }, select: tokenSummarySelect });
    this.auth.invalidate();
    return row;
  }
}
