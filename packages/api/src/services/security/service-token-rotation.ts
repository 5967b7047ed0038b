import { PreconditionError } from '../../errors.ts';
import type { TokenKind } from '../../auth/caller.ts';
import type { ApiLogger } from '../../types.ts';
import { DEFAULT_SERVICE_TOKEN_GRACE_MS, type ServiceTokenSource } from './auth-service.ts';
import type { BackgroundTask } from '../background-task.ts';
import type { AuditService } from './audit-service.ts';

/** A service token that can be replaced (the daemon's; tests may pass one that cannot). */
export interface RotatableServiceToken extends ServiceTokenSource {
  /** Makes a new token, writes it to its file, and keeps the old one as `previous()`. */
  rotate?(): { id: string; createdAt: Date };
}

/** `[auth]` rotation settings. */
export interface RotationSettings {
  /** Rotate when the token is this old. @default 30 days */
  intervalMs?: number;
  /** The previous token stays valid this long. @default DEFAULT_SERVICE_TOKEN_GRACE_MS (5 minutes) */
  graceMs?: number;
  /** How often the age is checked. @default 1 hour */
  checkIntervalMs?: number;
}

export const DEFAULT_ROTATION_INTERVAL_MS = 30 * 86_400_000;
export const DEFAULT_ROTATION_CHECK_MS = 3_600_000;

export interface RotationReport {
  /** The new token's id (the token itself is only ever in the token file). */
  tokenId: string;
  rotatedAt: Date;
  /** Until when the previous token is still accepted. */
  previousValidUntil: Date;
}

/** Who asked for a rotation: a caller, or the schedule (null). */
export interface RotationActor {
  userId: string | null;
  tokenId: string;
  tokenKind: TokenKind;
}

/**
 * Rotates the web app's service token on a schedule and on demand, without downtime: the web app
 * re-reads the token file when a call is refused, and the previous token stays valid for the
 * grace period, so no call of the web app fails in between.
 */
export class ServiceTokenRotation {
  private lastRotatedAt: number;
  readonly task: BackgroundTask;

  constructor(
    private readonly token: RotatableServiceToken,
    private readonly audit: AuditService,
    private readonly logger: ApiLogger,
    private readonly settings: RotationSettings = {},
    private readonly now: () => number = Date.now,
  ) {
    // The daemon makes a fresh token at every start: the token's age starts now.
    this.lastRotatedAt = now();
    const intervalMs = settings.intervalMs ?? DEFAULT_ROTATION_INTERVAL_MS;
    this.task = {
      name: 'service-token-rotation',
      // Node timers overflow past 24.8 days, so the age is checked often rather than waited for once.
      intervalMs: Math.min(settings.checkIntervalMs ?? DEFAULT_ROTATION_CHECK_MS, intervalMs),
      run: async () => {
        if (this.now() - this.lastRotatedAt >= intervalMs && this.token.rotate) await this.rotate(null);
      },
    };
  }

  /** Replaces the service token now; `actor` null means the schedule. */
  async rotate(actor: RotationActor | null): Promise<RotationReport> {
    if (!this.token.rotate) {
      throw new PreconditionError('this server cannot rotate its service token');
    }
    const previousId = this.token.current().id;
    let next: { id: string; createdAt: Date };
    try {
      next = this.token.rotate();
    } catch (error) {
      await this.audit.record({
        userId: actor?.userId ?? null,
        tokenId: actor?.tokenId ?? null,
        tokenKind: actor?.tokenKind ?? null,
        action: ROTATE_ACTION,
        target: `service-token:${previousId}`,
        outcome: 'failure',
        detail: { reason: (error as Error).message.slice(0, 300), scheduled: actor === null },
      });
      throw error;
    }
    this.lastRotatedAt = this.now();
    const previousValidUntil = new Date(this.lastRotatedAt + (this.settings.graceMs ?? DEFAULT_SERVICE_TOKEN_GRACE_MS));
    await this.audit.record({
      userId: actor?.userId ?? null,
      tokenId: actor?.tokenId ?? null,
      tokenKind: actor?.tokenKind ?? null,
      action: ROTATE_ACTION,
      target: `service-token:${next.id}`,
      outcome: 'success',
      detail: { previous: previousId, previousValidUntil: previousValidUntil.toISOString(), scheduled: actor === null },
    });
    this.logger.info({ tokenId: next.id, previous: previousId, scheduled: actor === null }, 'rotated the service token');
    return { tokenId: next.id, rotatedAt: next.createdAt, previousValidUntil };
  }
}

export const ROTATE_ACTION = 'server.rotateServiceToken';
