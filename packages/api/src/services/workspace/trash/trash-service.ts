import { randomUUID } from 'node:crypto';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, InternalError, NotFoundError, PreconditionError } from '../../../errors.ts';
import type { PrismaClient } from '@rdv/db';
import { git, GIT_CHECKOUT_TIMEOUT_MS } from '../git/git.ts';
import { moveDirectory } from '../move-directory.ts';
import { confineNew } from '../path-confinement.ts';
import { translating } from '../../service-errors.ts';
import {
  parseTrashMetadata,
  toTrashSummary,
  trashItemSelect,
  type TrashItemRow,
  type TrashItemSummary,
  type TrashMetadata,
} from './trash-metadata.ts';
import {
  branchExists,
  describeWork,
  inspectWorktree,
  listWorktrees,
  worktreeTopLevel,
} from '../worktrees/worktree-git.ts';
import { worktreeSelect, type WorktreeService, type WorktreeSummary } from '../worktrees/worktree-service.ts';

/** Days a trashed item is kept. @default 30 */
export const DEFAULT_TRASH_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

export interface TrashConfig {
  /** Folder the trashed worktrees move into (`<RDV_HOME>/trash`). */
  dir: string;
  retentionDays: number;
}

const quietly = (step: Promise<unknown>) =>
  step.then(
    () => undefined,
    () => undefined,
  );

/**
 * Trashed worktrees. Trashing moves the folder to `<trash>/<id>`, runs `git worktree repair`
 * so git follows it, and locks it (`git worktree lock --reason "rdv trash <id>"`): git keeps
 * its index, HEAD and branch, `git worktree prune` and `gc` leave it alone, and its branch
 * stays reserved. Restore unlocks, moves it back and repairs again; when git has lost the
 * worktree meanwhile, it is re-added (`worktree add --no-checkout` + the files + `reset`).
 * Purge runs `git worktree remove --force --force`, deletes the folder and prunes.
 */
export class TrashService {
  constructor(
    private readonly db: PrismaClient,
    private readonly worktrees: WorktreeService,
    private readonly config: TrashConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Days an item stays in the trash before the clean-up may delete it. */
  get retentionDays(): number {
    return this.config.retentionDays;
  }

  /**
   * Moves the caller's worktree `worktreeId` into the trash, keeping what a restore needs.
   * `sessionId` (the caller's session that used it) is kept with the item.
   */
  async trashWorktree(
    userId: string,
    worktreeId: string,
    opts: { sessionId?: string } = {},
  ): Promise<TrashItemSummary> {
    const row = await this.worktrees.findOwned(userId, worktreeId);
    if (row.status !== 'active') {
      throw new ConflictError(`worktree ${worktreeId} is already in the trash`);
    }
    if (opts.sessionId !== undefined) {
      const session = await this.db.session.findFirst({
        where: { id: opts.sessionId, userId },
        select: { id: true },
      });
      if (!session)
        throw new NotFoundError(`session ${opts.sessionId} not found`);
    }
    return this.worktrees.repoLock.run(row.repoPath, () =>
      this.trashLocked(userId, row, opts.sessionId ?? null),
    );
  }

  /** The caller's trash, newest first. */
  async list(userId: string): Promise<TrashItemSummary[]> {
    const rows = await this.db.trashItem.findMany({
      where: { userId },
      select: trashItemSelect,
      orderBy: { trashedAt: 'desc' },
    });
    const now = this.now();
    return rows.map((row) => toTrashSummary(row, now));
  }

  /**
   * Puts a trashed worktree back at its original path (CONFLICT when that path is taken) and
   * repairs git's view of it, so `git status` works in it and `git worktree list` shows it.
   */
  async restore(
    userId: string,
    id: string,
  ): Promise<{ worktree: WorktreeSummary; reAdded: boolean }> {
    const first = await this.findItem(userId, id);
    const repo = parseTrashMetadata(first).repoPath;
    return this.worktrees.repoLock.run(repo, async () => {
      const item = await this.findItem(userId, id);
      return this.restoreLocked(userId, item, parseTrashMetadata(item));
    });
  }

  /** Deletes an item now. One holding uncommitted work is refused unless `force`. */
  async purge(
    userId: string,
    id: string,
    opts: { force?: boolean } = {},
  ): Promise<{ id: string; originalPath: string }> {
    const first = await this.findItem(userId, id);
    return this.worktrees.repoLock.run(parseTrashMetadata(first).repoPath, async () => {
      const item = await this.findItem(userId, id);
      await this.purgeLocked(item, opts.force ?? false);
      return { id, originalPath: item.originalPath };
    });
  }

  /**
   * Deletes one item (any user's; the caller holds the repository lock). Without `force`, an
   * item with uncommitted work, recorded at trash time or found now, is refused.
   */
  async purgeLocked(item: TrashItemRow, force: boolean): Promise<void> {
    const meta = parseTrashMetadata(item);
    if (!force) {
      const live = await inspectWorktree(item.trashPath).catch(() => null);
      const liveWork = live !== null && hasUncommittedWork(live);
      if (meta.hasUncommittedWork || liveWork) {
        const work = live && liveWork ? describeWork(live, false) : meta.work;
        throw new PreconditionError(`trash item ${item.id} (${item.originalPath}) holds uncommitted work (${work}); restore it, or pass force to delete it`);
      }
    }
    const repoExists = (await lstat(meta.repoPath).catch(() => null)) !== null;
    if (repoExists) {
      await quietly(git(['worktree', 'unlock', '--', item.trashPath], { cwd: meta.repoPath }));
      await quietly(
        git(['worktree', 'remove', '--force', '--force', '--', item.trashPath], {
          cwd: meta.repoPath,
          timeoutMs: GIT_CHECKOUT_TIMEOUT_MS,
        }),
      );
    }
    await rm(item.trashPath, { recursive: true, force: true });
    if (repoExists) await quietly(git(['worktree', 'prune'], { cwd: meta.repoPath }));
    await this.db.$transaction([
      this.db.trashItem.delete({ where: { id: item.id } }),
      this.db.worktree.deleteMany({ where: { id: item.worktreeId ?? '', status: 'trashed' } }),
    ]);
  }

  /** Expired items of every user, oldest first, with their owner (the clean-up audits on the owner's log). */
  async expiredItems(): Promise<Array<TrashItemRow & { userId: string }>> {
    return this.db.trashItem.findMany({
      where: { expiresAt: { lte: this.now() } },
      select: { ...trashItemSelect, userId: true },
      orderBy: { expiresAt: 'asc' },
    });
  }

  private async trashLocked(
    userId: string,
    row: WorktreeSummary,
    sessionId: string | null,
  ): Promise<TrashItemSummary> {
    const stat = await lstat(row.path).catch(() => null);
    if (!stat?.isDirectory()) {
      throw new PreconditionError(`worktree ${row.id}: ${row.path} no longer exists`);
    }
    const status = await inspectWorktree(row.path).catch(() => null);
    const metadata: TrashMetadata = {
      repoPath: row.repoPath,
      branch: status ? status.branch : row.branch,
      baseBranch: row.baseBranch,
      head: status?.head ?? null,
      hasUncommittedWork: status === null || hasUncommittedWork(status),
      work: status ? describeWork(status, true) : 'unknown: git could not read the worktree',
      unpushedCount: status?.unpushedCount ?? 0,
    };
    const id = randomUUID().replaceAll('-', '');
    const trashPath = path.join(this.config.dir, id);
    const now = this.now();
    await mkdir(this.config.dir, { recursive: true, mode: 0o700 });
    await moveDirectory(row.path, trashPath);
    let done = false;
    try {
      const cwd = row.repoPath;
      await translating('internal', `trashing ${row.path}`, async () => {
        await git(['worktree', 'repair', '--', trashPath], { cwd });
        await git(['worktree', 'lock', '--reason', `rdv trash ${id}`, '--', trashPath], { cwd });
      });
      const [item] = await this.db.$transaction([
        this.db.trashItem.create({
          data: {
            id,
            userId,
            kind: 'worktree',
            worktreeId: row.id,
            sessionId,
            originalPath: row.path,
            trashPath,
            metadata: JSON.stringify(metadata),
            trashedAt: now,
            expiresAt: new Date(now.getTime() + this.config.retentionDays * DAY_MS),
          },
          select: trashItemSelect,
        }),
        this.db.worktree.update({
          where: { id: row.id },
          data: { status: 'trashed' },
          select: { id: true },
        }),
      ]);
      done = true;
      return toTrashSummary(item, now);
    } finally {
      if (!done) {
        await quietly(git(['worktree', 'unlock', '--', trashPath], { cwd: row.repoPath }));
        await quietly(moveDirectory(trashPath, row.path));
        await quietly(git(['worktree', 'repair', '--', row.path], { cwd: row.repoPath }));
      }
    }
  }

  private async restoreLocked(
    userId: string,
    item: TrashItemRow,
    meta: TrashMetadata,
  ): Promise<{ worktree: WorktreeSummary; reAdded: boolean }> {
    const original = await translating('bad_input', `restoring to ${item.originalPath}`, () =>
      confineNew(item.originalPath, this.worktrees.config.allowedRoots),
    );
    if (await lstat(original).catch(() => null)) {
      throw new ConflictError(`cannot restore trash item ${item.id}: ${original} is taken; move it away first`);
    }
    if (!(await lstat(item.trashPath).catch(() => null))?.isDirectory()) {
      throw new PreconditionError(`trash item ${item.id}: ${item.trashPath} is missing`);
    }
    const cwd = meta.repoPath;
    await mkdir(path.dirname(original), { recursive: true });
    const known = (await listWorktrees(cwd)).some((entry) => entry.path === item.trashPath);
    await translating('internal', `restoring ${original}`, async () => {
      if (known) {
        await quietly(git(['worktree', 'unlock', '--', item.trashPath], { cwd }));
        await moveDirectory(item.trashPath, original);
        await git(['worktree', 'repair', '--', original], { cwd });
      } else {
        await this.reAdd(item, meta, original);
      }
    });
    if ((await worktreeTopLevel(original)) !== original) {
      throw new InternalError(`restored ${original}, but git does not see a worktree there`);
    }
    const worktree = await this.db.$transaction(async (tx) => {
      const existing = item.worktreeId
        ? await tx.worktree.findFirst({
            where: { id: item.worktreeId, userId },
            select: { id: true },
          })
        : null;
      const row = existing
        ? await tx.worktree.update({
            where: { id: existing.id },
            data: { status: 'active', path: original },
            select: worktreeSelect,
          })
        : await tx.worktree.create({
            data: {
              userId,
              repoPath: meta.repoPath,
              path: original,
              branch: meta.branch ?? 'HEAD',
              baseBranch: meta.baseBranch,
            },
            select: worktreeSelect,
          });
      await tx.trashItem.delete({ where: { id: item.id } });
      return row;
    });
    return { worktree, reAdded: !known };
  }

  /**
   * git lost the worktree (someone unlocked and pruned it): register a fresh one at the original
   * path without checking out, move the files in, and rebuild the index from HEAD. Staged-ness
   * is lost; file contents are not.
   */
  private async reAdd(item: TrashItemRow, meta: TrashMetadata, original: string): Promise<void> {
    const cwd = meta.repoPath;
    let args: string[];
    if (meta.branch && (await branchExists(cwd, meta.branch))) {
      const holder = (await listWorktrees(cwd)).find((entry) => entry.branch === meta.branch);
      if (holder) {
        throw new ConflictError(`cannot restore trash item ${item.id}: branch "${meta.branch}" is checked out at ${holder.path}`);
      }
      args = ['worktree', 'add', '--no-checkout', '--', original, meta.branch];
    } else if (meta.head) {
      args = meta.branch
        ? ['worktree', 'add', '--no-checkout', '-b', meta.branch, '--', original, meta.head]
        : ['worktree', 'add', '--no-checkout', '--detach', '--', original, meta.head];
    } else {
      throw new PreconditionError(`trash item ${item.id}: no branch or commit to restore`);
    }
    await git(args, { cwd });
    for (const name of await readdir(item.trashPath)) {
      if (name !== '.git')
        await moveDirectory(path.join(item.trashPath, name), path.join(original, name));
    }
    await rm(item.trashPath, { recursive: true, force: true });
    await git(['reset', '--quiet'], { cwd: original, timeoutMs: GIT_CHECKOUT_TIMEOUT_MS });
  }

  private async findItem(userId: string, id: string): Promise<TrashItemRow> {
    const item = await this.db.trashItem.findFirst({
      where: { id, userId },
      select: trashItemSelect,
    });
    if (!item) throw new NotFoundError(`trash item ${id} not found`);
    return item;
  }
}

/** Files not committed, or (on a detached HEAD) commits that only the worktree's HEAD holds. */
function hasUncommittedWork(status: {
  clean: boolean;
  branch: string | null;
  unpushedCount: number;
}): boolean {
  return !status.clean || (status.branch === null && status.unpushedCount > 0);
}
