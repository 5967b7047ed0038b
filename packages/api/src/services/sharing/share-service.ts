import type { Prisma, PrismaClient } from '@rdv/db';
import { SHARE_PAGE_PATH, type ShareStreamEvent } from '@rdv/contract';
import type { Outbound, TerminalHubs } from '@rdv/terminal';
import { NotFoundError } from '../../errors.ts';
import {
  generateShareSecret,
  hashShareSecret,
  looksLikeShareSecret,
  shareLinkState,
  shareSecretMatches,
} from '../../auth/share-secrets.ts';
import type { AuditService } from '../security/audit-service.ts';
import { ViewerRegistry, type EndReason } from './viewer-registry.ts';

/** Sessions a link may be made for, or watched through: not closed, not in the trash. */
const SHAREABLE_STATUSES = ['active', 'suspended', 'exited'];
/** `lastUsedAt` is written at most this often per link (each viewer connect would otherwise write). */
const LAST_USED_WRITE_MS = 60_000;

/** What a listing shows: never the hash, never the secret. */
export const shareSummarySelect = {
  id: true,
  sessionId: true,
  label: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  session: { select: { name: true } },
} satisfies Prisma.ShareLinkSelect;

type ShareRow = Prisma.ShareLinkGetPayload<{ select: typeof shareSummarySelect }>;

export type ShareSummary = Omit<ShareRow, 'session'> & { sessionName: string };

/** A link a viewer proved they hold. */
export interface VerifiedShare {
  id: string;
  userId: string;
  sessionId: string;
  sessionName: string;
  label: string;
  expiresAt: Date;
}

export type ShareVerification = { ok: true; value: VerifiedShare } | { ok: false; message: string };

/**
 * Read-only share links: a capability to watch one session's output, for someone who is not a
 * user. The secret is returned once by `create`; the database keeps its sha256 only. Revoking a
 * link, its expiry, or closing its session ends every viewer at once.
 */
export class ShareService {
  private readonly viewers = new ViewerRegistry();

  constructor(
    private readonly db: PrismaClient,
    private readonly hubs: TerminalHubs,
    private readonly audit: AuditService,
    /** The daemon's owner: a link a previous owner made (before a hand-over) opens nothing. */
    private readonly owner: () => string,
    /** Where links point: the dashboard's address (`[notifications] dashboard_url`). */
    private readonly dashboardUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a link to one of the caller's sessions; the secret is in this answer only. */
  async create(
    userId: string,
    input: { sessionId: string; label: string; expiresInSeconds: number },
  ): Promise<ShareSummary & { secret: string; url: string }> {
    const session = await this.db.session.findFirst({
      where: { id: input.sessionId, userId, status: { in: SHAREABLE_STATUSES } },
      select: { id: true },
    });
    if (!session) throw new NotFoundError(`session ${input.sessionId} not found`);
    const secret = generateShareSecret();
    const now = this.now();
    const row = await this.db.shareLink.create({
      data: {
        userId,
        sessionId: input.sessionId,
        label: input.label,
        hash: hashShareSecret(secret),
        createdAt: new Date(now),
        expiresAt: new Date(now + input.expiresInSeconds * 1000),
      },
      select: shareSummarySelect,
    });
    return { ...summarise(row), secret, url: shareUrl(this.dashboardUrl, secret) };
  }

  /** The caller's links (of one session, when named), newest first, revoked and expired ones too. */
  async list(userId: string, sessionId?: string): Promise<ShareSummary[]> {
    const rows = await this.db.shareLink.findMany({
      where: { userId, ...(sessionId ? { sessionId } : {}) },
      select: shareSummarySelect,
      orderBy: { createdAt: 'desc' },
    });
    return rows.map(summarise);
  }

  /** Revokes one of the caller's links and closes its viewers; someone else's id is NOT_FOUND. */
  async revoke(userId: string, id: string): Promise<ShareSummary> {
    const existing = await this.db.shareLink.findFirst({ where: { id, userId }, select: { revokedAt: true } });
    if (!existing) throw new NotFoundError(`share link ${id} not found`);
    const row = await this.db.shareLink.update({
      where: { id },
      data: { revokedAt: existing.revokedAt ?? new Date(this.now()) },
      select: shareSummarySelect,
    });
    this.viewers.end({ linkId: id }, 'revoked');
    return summarise(row);
  }

  /** A session was closed or purged: its links stop working, and their viewers are let go. */
  sessionEnded(sessionId: string): void {
    this.viewers.end({ sessionId }, 'closed');
  }

  /** Which link `secret` opens, if it still works. The hash is compared in constant time. */
  async verify(secret: string): Promise<ShareVerification> {
    const refused = { ok: false as const, message: 'this share link is not valid' };
    if (!looksLikeShareSecret(secret)) return refused;
    const row = await this.db.shareLink.findUnique({
      where: { hash: hashShareSecret(secret) },
      select: {
        id: true,
        userId: true,
        hash: true,
        label: true,
        expiresAt: true,
        revokedAt: true,
        lastUsedAt: true,
        session: { select: { id: true, name: true, status: true } },
      },
    });
    if (!row || !shareSecretMatches(secret, row.hash) || row.userId !== this.owner()) return refused;
    // The holder proved they have the secret, so telling them why it stopped is no leak.
    const state = shareLinkState(row, this.now());
    if (state) return { ok: false, message: `this share link ${state === 'revoked' ? 'was revoked' : 'has expired'}` };
    if (!SHAREABLE_STATUSES.includes(row.session.status)) {
      return { ok: false, message: 'the shared session was closed' };
    }
    if (!row.lastUsedAt || this.now() - row.lastUsedAt.getTime() >= LAST_USED_WRITE_MS) {
      await this.db.shareLink.update({ where: { id: row.id }, data: { lastUsedAt: new Date(this.now()) } });
    }
    return {
      ok: true,
      value: {
        id: row.id,
        userId: row.userId,
        sessionId: row.session.id,
        sessionName: row.session.name,
        label: row.label,
        expiresAt: row.expiresAt,
      },
    };
  }

  /**
   * A viewer's stream: what is shared, then the session's output, read-only (no client size is
   * registered, so a viewer never resizes the pane), until the viewer leaves or the link ends.
   */
  async *watch(
    share: VerifiedShare,
    options: { signal?: AbortSignal; outbound?: Outbound; historyLines?: number; lastEventId?: string | null },
  ): AsyncGenerator<{ id?: string; data: ShareStreamEvent }> {
    await this.audit.record({
      userId: share.userId,
      tokenId: null,
      tokenKind: null,
      action: 'shares.watch',
      target: `share:${share.id}`,
      outcome: 'success',
      detail: { sessionId: share.sessionId },
    });
    const viewer = this.viewers.open(share, this.now());
    const signal = options.signal ? AbortSignal.any([options.signal, viewer.signal]) : viewer.signal;
    try {
      yield {
        data: {
          type: 'share',
          sessionName: share.sessionName,
          label: share.label,
          expiresAt: share.expiresAt.toISOString(),
        },
      };
      const stream = this.hubs.forOwner(share.userId, share.sessionId).attach({
        clientId: `share-${share.id}`,
        historyLines: options.historyLines,
        lastEventId: options.lastEventId,
        signal,
        outbound: options.outbound,
      });
      yield* stream;
      const reason: EndReason | undefined = viewer.reason();
      if (reason) yield { data: { type: 'ended', reason } };
    } finally {
      viewer.close();
    }
  }
}

/**
 * The link to hand out: the secret rides in the fragment, which browsers never send to a
 * server, so it stays out of access logs, proxies and Referer headers.
 */
export function shareUrl(dashboardUrl: string, secret: string): string {
  return `${dashboardUrl.replace(/\/+$/, '')}${SHARE_PAGE_PATH}#${secret}`;
}

function summarise(row: ShareRow): ShareSummary {
  const { session, ...rest } = row;
  return { ...rest, sessionName: session.name };
}
