import { homedir } from 'node:os';
import path from 'node:path';
import type { PrismaClient } from '@rdv/db';
import type { ApiLogger } from '../../types.ts';
import type { BackgroundTask } from '../background-task.ts';
import { FolderService } from './folders/folder-service.ts';
import { defaultPreferenceValues } from './preferences/preference-defaults.ts';
import { PreferenceService } from './preferences/preference-service.ts';
import { DEFAULT_CLEANUP_INTERVAL_MS, trashCleanupTask, type CleanupAudit } from './trash/trash-cleanup.ts';
import { DEFAULT_TRASH_RETENTION_DAYS, TrashService } from './trash/trash-service.ts';
import { DEFAULT_SETUP_TIMEOUT_MS, WorktreeService } from './worktrees/worktree-service.ts';

/** `[worktrees]` in config.toml. */
export interface WorktreeSettings {
  /** Absolute folders repositories and worktrees must resolve into. @default [the user's home] */
  allowedRoots?: string[];
  /** Run by `/bin/sh -c` in every new worktree. @default none */
  setupCommand?: string | null;
  /** @default DEFAULT_SETUP_TIMEOUT_MS (10 minutes) */
  setupTimeoutMs?: number;
}

/** `[cleanup]` in config.toml. */
export interface TrashSettings {
  /** @default `<home>/trash` */
  dir?: string;
  /** @default 30 */
  retentionDays?: number;
  /** @default 24 hours */
  cleanupIntervalMs?: number;
}

export interface WorkspaceServices {
  preferences: PreferenceService;
  folders: FolderService;
  worktrees: WorktreeService;
  trash: TrashService;
}

/** Folders, preferences, worktrees and the trash, wired together, and the trash clean-up task. */
export function createWorkspaceServices(deps: {
  db: PrismaClient;
  logger: ApiLogger;
  home: string;
  worktrees?: WorktreeSettings;
  trash?: TrashSettings;
  historyLimit?: number;
  /** Where the clean-up's own purges are recorded (actor: system). */
  audit?: CleanupAudit;
  now?: () => Date;
}): { services: WorkspaceServices; backgroundTasks: BackgroundTask[] } {
  const preferences = new PreferenceService(
    deps.db,
    defaultPreferenceValues({ historyLimit: deps.historyLimit }),
  );
  const folders = new FolderService(deps.db, preferences);
  const worktrees = new WorktreeService(deps.db, {
    allowedRoots: deps.worktrees?.allowedRoots ?? [homedir()],
    setupCommand: deps.worktrees?.setupCommand ?? null,
    setupTimeoutMs: deps.worktrees?.setupTimeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS,
  });
  const trash = new TrashService(
    deps.db,
    worktrees,
    {
      dir: deps.trash?.dir ?? path.join(deps.home, 'trash'),
      retentionDays: deps.trash?.retentionDays ?? DEFAULT_TRASH_RETENTION_DAYS,
    },
    deps.now,
  );
  const cleanup = trashCleanupTask(trash, worktrees, {
    intervalMs: deps.trash?.cleanupIntervalMs ?? DEFAULT_CLEANUP_INTERVAL_MS,
    logger: deps.logger,
    audit: deps.audit,
  });
  return { services: { preferences, folders, worktrees, trash }, backgroundTasks: [cleanup] };
}
