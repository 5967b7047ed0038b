import { PreconditionError } from '../../../errors.ts';
import type { ApiLogger } from '../../../types.ts';
import type { BackgroundTask } from '../../background-task.ts';
import type { AuditService } from '../../security/audit-service.ts';
import { parseTrashMetadata } from './trash-metadata.ts';
import type { TrashService } from './trash-service.ts';
import type { WorktreeService } from '../worktrees/worktree-service.ts';

/** How often the clean-up runs. @default 24 hours */
export const DEFAULT_CLEANUP_INTERVAL_MS = 24 * 3_600_000;

export interface CleanupReport {
  purged: string[];
  /** Expired, but holding uncommitted work: kept until someone purges them with force. */
  kept: Array<{ id: string; reason: string }>;
  failed: Array<{ id: string; error: string }>;
}

/** The audit log, as the clean-up writes to it. */
export type CleanupAudit = Pick<AuditService, 'record'>;

/** The action of an audit row written by the clean-up: the same as a person's purge. */
export const CLEANUP_PURGE_ACTION = 'trash.purge';

/**
 * Deletes trashed items past their retention and prunes git's records of them. Items with
 * uncommitted work are never deleted here: they are kept, logged and shown as expired in
 * `trash.list` until a person restores them or purges them with force. Every purge (and every
 * failed one) is audited like a person's `trash.purge`, on the item owner's log, with no token
 * and `detail.actor = "system"`, so `rdv audit` shows where a trashed worktree went.
 */
export async function cleanupTrash(
  trash: TrashService,
  worktrees: Pick<WorktreeService, 'repoLock'>,
  signal?: AbortSignal,
  audit?: CleanupAudit,
): Promise<CleanupReport> {
  const report: CleanupReport = { purged: [], kept: [], failed: [] };
  for (const expired of await trash.expiredItems()) {
    if (signal?.aborted) break;
    try {
      const repo = parseTrashMetadata(expired).repoPath;
      await worktrees.repoLock.run(repo, async () => {
        // Restored or purged while we waited for the lock?
        const item = (await trash.expiredItems()).find((candidate) => candidate.id === expired.id);
        if (!item) return;
        await trash.purgeLocked(item, false);
        report.purged.push(item.id);
        await audit?.record(systemPurge(item, 'success', {}));
      });
    } catch (error) {
      if (error instanceof PreconditionError) {
        report.kept.push({ id: expired.id, reason: error.message });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        report.failed.push({ id: expired.id, error: message });
        await audit?.record(systemPurge(expired, 'failure', { message: message.slice(0, 300) }));
      }
    }
  }
  return report;
}

function systemPurge(
  item: { id: string; userId: string; expiresAt: Date },
  outcome: 'success' | 'failure',
  detail: Record<string, unknown>,
): Parameters<CleanupAudit['record']>[0] {
  return {
    userId: item.userId,
    tokenId: null,
    tokenKind: null,
    action: CLEANUP_PURGE_ACTION,
    target: `trash:${item.id}`,
    outcome,
    detail: { actor: 'system', by: 'trash-cleanup', reason: 'retention ended', expiredAt: item.expiresAt.toISOString(), ...detail },
  };
}

/** The periodic clean-up as a BackgroundTask (first run at start-up). */
export function trashCleanupTask(
  trash: TrashService,
  worktrees: Pick<WorktreeService, 'repoLock'>,
  opts: { intervalMs: number; logger: ApiLogger; audit?: CleanupAudit },
): BackgroundTask {
  return {
    name: 'trash-cleanup',
    intervalMs: opts.intervalMs,
    runAtStart: true,
    async run(signal) {
      const report = await cleanupTrash(trash, worktrees, signal, opts.audit);
      if (report.purged.length || report.kept.length) {
        opts.logger.info({ purged: report.purged, kept: report.kept }, 'trash clean-up');
      }
      if (report.failed.length)
        opts.logger.warn({ failed: report.failed }, 'trash clean-up could not delete some items');
    },
  };
}
