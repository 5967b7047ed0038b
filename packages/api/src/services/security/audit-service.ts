import type { Prisma, PrismaClient } from '@rdv/db';
import type { AuthFailureReason, Caller, TokenKind } from '../../auth/caller.ts';
import type { ApiLogger } from '../../types.ts';
import type { AuditListInput } from '../../schemas/audit.ts';
import type { BackgroundTask } from '../background-task.ts';

export type AuditOutcome = 'success' | 'failure' | 'refused';

/** One row of the audit log. Never a token, never a secret: token ids and kinds only. */
export interface AuditEntry {
  userId: string | null;
  tokenId: string | null;
  tokenKind: TokenKind | null;
  /** What was done: a procedure path (`sessions.create`) or `auth.authenticate`. */
  action: string;
  /** What it was done to: `session:<id>`, `token:<id>`, ... */
  target?: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
}

/** `[audit]` in config.toml. */
export interface AuditSettings {
  /** Rows older than this are deleted. @default 90 */
  retentionDays?: number;
  /** How often old rows are looked for. @default 6 hours */
  purgeIntervalMs?: number;
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 90;
export const DEFAULT_AUDIT_PURGE_INTERVAL_MS = 6 * 3_600_000;
/** A token's successful authentications are written at most once per this window. */
export const AUTH_SUCCESS_SAMPLE_MS = 60_000;
/** Failed authentications written per minute at most; the rest are counted in one summary row. */
export const MAX_AUTH_FAILURE_ROWS_PER_MINUTE = 120;
const MAX_SAMPLED_KEYS = 10_000;
/** Longest client key or claimed user id kept in a row. */
const MAX_DETAIL_STRING = 128;

export const AUTH_ACTION = 'auth.authenticate';

export const auditSelect = {
  id: true,
  createdAt: true,
  action: true,
  target: true,
  outcome: true,
  tokenId: true,
  tokenKind: true,
  detail: true,
} satisfies Prisma.AuditLogSelect;

export type AuditView = Omit<Prisma.AuditLogGetPayload<{ select: typeof auditSelect }>, 'detail'> & {
  detail: Record<string, unknown>;
};

/** Who tried to authenticate, as far as the request tells. */
export interface AuthAttempt {
  /** The connection or web client address the attempt came from. */
  client: string;
  transport: string;
}

/**
 * The audit log: authentication attempts and sensitive operations, readable by each user for
 * their own rows (`audit.list`) and purged after the retention period.
 *
 * Volume: a successful authentication happens on every call (every keystroke is a call), so
 * successes are sampled: one row per token and user per minute, with `detail.repeats` counting
 * the calls folded into the previous row. Failures are written one by one up to
 * MAX_AUTH_FAILURE_ROWS_PER_MINUTE; above that a single row records how many were suppressed.
 * Authentication rows are written in the background and never delay or fail a call; rows of
 * operations are awaited, but a failed write is logged and does not undo the operation.
 */
export class AuditService {
  private readonly successSamples = new Map<string, { writtenAt: number; repeats: number }>();
  private failureWindow = { startedAt: 0, written: 0, suppressed: 0 };
  private readonly retentionDays: number;

  readonly retentionTask: BackgroundTask;

  constructor(
    private readonly db: PrismaClient,
    private readonly logger: ApiLogger,
    settings: AuditSettings = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.retentionDays = settings.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
    this.retentionTask = {
      name: 'audit-retention',
      intervalMs: settings.purgeIntervalMs ?? DEFAULT_AUDIT_PURGE_INTERVAL_MS,
      runAtStart: true,
      run: async () => {
        const deleted = await this.purgeExpired();
        if (deleted) this.logger.info({ deleted, retentionDays: this.retentionDays }, 'purged old audit rows');
      },
    };
  }

  /** Writes one row; resolves to its id, or null when the write failed (logged). Never throws. */
  async record(entry: AuditEntry): Promise<string | null> {
    try {
      const row = await this.db.auditLog.create({
        data: {
          userId: entry.userId,
          tokenId: entry.tokenId,
          tokenKind: entry.tokenKind,
          action: entry.action,
          target: entry.target ?? null,
          outcome: entry.outcome,
          detail: JSON.stringify(entry.detail ?? {}),
          createdAt: this.now(),
        },
        select: { id: true },
      });
      return row.id;
    } catch (error) {
      this.logger.warn({ err: error, action: entry.action, outcome: entry.outcome }, 'could not write audit row');
      return null;
    }
  }

  /** A successful authentication: sampled per token and user (see the class comment). */
  authSucceeded(caller: Caller, attempt: AuthAttempt): void {
    const key = `${caller.tokenKind}:${caller.tokenId}:${caller.userId}`;
    const nowMs = this.now().getTime();
    const sample = this.successSamples.get(key);
    if (sample && nowMs - sample.writtenAt < AUTH_SUCCESS_SAMPLE_MS) {
      sample.repeats += 1;
      return;
    }
    if (this.successSamples.size >= MAX_SAMPLED_KEYS) this.successSamples.clear();
    this.successSamples.set(key, { writtenAt: nowMs, repeats: 0 });
    void this.record({
      ...caller,
      action: AUTH_ACTION,
      outcome: 'success',
      detail: { ...attemptDetail(attempt), ...(sample ? { repeats: sample.repeats } : {}) },
    });
  }

  /**
   * A failed (or, with `refused`, a backed-off) authentication. `known` names the token or user
   * when the credential pointed at one (a revoked or expired CLI token, the service token).
   */
  authFailed(
    reason: AuthFailureReason | 'backoff',
    attempt: AuthAttempt,
    known: Partial<Pick<AuditEntry, 'userId' | 'tokenId' | 'tokenKind'>> = {},
  ): void {
    const nowMs = this.now().getTime();
    const window = this.failureWindow;
    if (nowMs - window.startedAt >= 60_000) {
      if (window.suppressed > 0) {
        void this.record({
          userId: null,
          tokenId: null,
          tokenKind: null,
          action: AUTH_ACTION,
          outcome: 'failure',
          detail: { suppressed: window.suppressed, since: new Date(window.startedAt).toISOString() },
        });
      }
      this.failureWindow = { startedAt: nowMs, written: 0, suppressed: 0 };
    }
    if (this.failureWindow.written >= MAX_AUTH_FAILURE_ROWS_PER_MINUTE) {
      this.failureWindow.suppressed += 1;
      return;
    }
    this.failureWindow.written += 1;
    void this.record({
      userId: known.userId ?? null,
      tokenId: known.tokenId ?? null,
      tokenKind: known.tokenKind ?? null,
      action: AUTH_ACTION,
      outcome: reason === 'backoff' ? 'refused' : 'failure',
      detail: { reason, ...attemptDetail(attempt) },
    });
  }

  /** The caller's own rows, newest first, one page at a time. */
  async list(userId: string, input: AuditListInput): Promise<{ items: AuditView[]; nextCursor: string | null }> {
    const limit = input?.limit ?? 50;
    const where: Prisma.AuditLogWhereInput = {
      userId,
      ...(input?.action ? { OR: [{ action: input.action }, { action: { startsWith: `${input.action}.` } }] } : {}),
      ...(input?.outcome ? { outcome: input.outcome } : {}),
      ...(input?.target ? { target: input.target } : {}),
      ...(input?.since || input?.until
        ? {
            createdAt: {
              ...(input.since ? { gte: new Date(input.since) } : {}),
              ...(input.until ? { lte: new Date(input.until) } : {}),
            },
          }
        : {}),
    };
    // A cursor from someone else (or a purged row) is answered as an empty page, not an error.
    if (input?.cursor) {
      const anchor = await this.db.auditLog.findFirst({ where: { id: input.cursor, userId }, select: { id: true } });
      if (!anchor) return { items: [], nextCursor: null };
    }
    const rows = await this.db.auditLog.findMany({
      where,
      select: auditSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      ...(input?.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({ ...row, detail: parseDetail(row.detail) })),
      nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /** Deletes rows older than the retention period; returns how many. */
  async purgeExpired(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.retentionDays * 86_400_000);
    const { count } = await this.db.auditLog.deleteMany({ where: { createdAt: { lt: cutoff } } });
    return count;
  }
}

function attemptDetail(attempt: AuthAttempt): Record<string, string> {
  return { client: attempt.client.slice(0, MAX_DETAIL_STRING), transport: attempt.transport };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
