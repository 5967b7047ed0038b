import { TRPCError } from '@trpc/server';
import type { ApiLogger } from '../context.ts';
import type { BackgroundTask } from './background-task.ts';
import { parseTrashMetadata } from './trash-metadata.ts';
import type { TrashService } from './trash-service.ts';
import type { WorktreeService } from './worktree-service.ts';

/** How often the clean-up runs. @default 24 hours */
export const DEFAULT_CLEANUP_INTERVAL_MS = 24 * 3_600_000;

export interface CleanupReport {
  purged: string[];
  /** Expired, but holding uncommitted work: kept until someone purges them with force. */
  kept: Array<{ id: string; reason: string }>;
  failed: Array<{ id: string; error: string }>;
}

/**
 * Deletes trashed items past their retention and prunes git's records of them. Items with
 * uncommitted work are never deleted here: they are kept, logged and shown as expired in
 * `trash.list` until a person restores them or purges them with force.
 */
export async function cleanupTrash(
  trash: TrashService,
  worktrees: Pick<WorktreeService, 'repoLock'>,
  signal?: AbortSignal,
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
      });
    } catch (error) {
      if (error instanceof TRPCError && error.code === 'PRECONDITION_FAILED') {
        report.kept.push({ id: expired.id, reason: error.message });
      } else {
        report.failed.push({
          id: expired.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  return report;
}

/** The periodic clean-up as a BackgroundTask (first run at start-up). */
export function trashCleanupTask(
  trash: TrashService,
  worktrees: Pick<WorktreeService, 'repoLock'>,
  opts: { intervalMs: number; logger: ApiLogger },
): BackgroundTask {
  return {
    name: 'trash-cleanup',
    intervalMs: opts.intervalMs,
    runAtStart: true,
    async run(signal) {
      const report = await cleanupTrash(trash, worktrees, signal);
      if (report.purged.length || report.kept.length) {
        opts.logger.info({ purged: report.purged, kept: report.kept }, 'trash clean-up');
      }
      if (report.failed.length)
        opts.logger.warn({ failed: report.failed }, 'trash clean-up could not delete some items');
    },
  };
}
