import { lstat, mkdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError, ConflictError, NotFoundError, PreconditionError } from '../../../errors.ts';
import type { Prisma, PrismaClient } from '@rdv/db';
import type { WorktreeCreateInput, WorktreeTarget } from '../../../schemas/worktrees.ts';
import { git, GIT_CHECKOUT_TIMEOUT_MS } from '../git/git.ts';
import type { GitWorktreeEntry } from '../git/git-porcelain.ts';
import { KeyedLock } from '../../keyed-lock.ts';
import { confineExisting, confineNew } from '../path-confinement.ts';
import { toDomainError, translating } from '../../service-errors.ts';
import { copyWorktreeFiles, type CopyReport } from './worktree-files.ts';
import {
  assertBranchName,
  branchExists,
  defaultWorktreePath,
  describeWork,
  inspectWorktree,
  listWorktrees,
  resolveCommit,
  resolveRepository,
  worktreeTopLevel,
  type WorktreeStatus,
} from './worktree-git.ts';
import { runSetupCommand, type SetupResult } from './worktree-setup.ts';

/** Longest a set-up command may run. @default 10 minutes */
export const DEFAULT_SETUP_TIMEOUT_MS = 10 * 60_000;

export interface WorktreeConfig {
  /** Repositories and worktrees must resolve inside one of these (absolute paths). */
  allowedRoots: string[];
  /** Run by `/bin/sh -c` in each new worktree; from config.toml only. */
  setupCommand: string | null;
  setupTimeoutMs: number;
}

export const worktreeSelect = {
  id: true,
  repoPath: true,
  path: true,
  branch: true,
  baseBranch: true,
  status: true,
  setupOutput: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.WorktreeSelect;

export type WorktreeSummary = Prisma.WorktreeGetPayload<{ select: typeof worktreeSelect }>;

/** A created worktree: the row, what was copied into it and the set-up command's result. */
export type WorktreeCreated = WorktreeSummary & { files: CopyReport; setup: SetupResult | null };

/** An entry of git's worktree list, with the caller's record id when they have one. */
export type WorktreeListEntry = GitWorktreeEntry & { main: boolean; worktreeId: string | null };

/**
 * Git worktrees: one per task, beside its repository. Repositories and worktree paths are
 * resolved with realpath and confined to the allowed roots; git runs argv-only. Records are
 * per user: another user's worktree is NOT_FOUND.
 */
export class WorktreeService {
  constructor(
    private readonly db: PrismaClient,
    readonly config: WorktreeConfig,
    /** Serialises git's worktree operations per repository; shared with the trash. */
    readonly repoLock = new KeyedLock(),
  ) {}

  /** The caller's worktree records (active and trashed). */
  listRecords(userId: string): Promise<WorktreeSummary[]> {
    return this.db.worktree.findMany({
      where: { userId },
      select: worktreeSelect,
      orderBy: { createdAt: 'asc' },
    });
  }

  /** git's view of `repoPath`'s worktrees (main first), with the caller's record ids. */
  async listRepository(userId: string, repoPath: string): Promise<WorktreeListEntry[]> {
    const repo = await resolveRepository(repoPath, this.config.allowedRoots);
    const rows = await this.db.worktree.findMany({
      where: { userId, path: { in: repo.worktrees.map((entry) => entry.path) } },
      select: { id: true, path: true },
    });
    const ids = new Map(rows.map((row) => [row.path, row.id]));
    return repo.worktrees.map((entry, index) => ({
      ...entry,
      main: index === 0,
      worktreeId: ids.get(entry.path) ?? null,
    }));
  }

  /**
   * Creates a worktree for `input.branch`: a new branch from `baseBranch` (default: HEAD), or
   * an existing branch checked out as it is (then `baseBranch` must be omitted). Copies the
   * `.env` files and `.worktreeinclude` entries, runs the set-up command, and records the row.
   * Any failure removes everything it made: the worktree, its folder, the branch it created.
   */
  async create(userId: string, input: WorktreeCreateInput): Promise<WorktreeCreated> {
    const repo = await resolveRepository(input.repoPath, this.config.allowedRoots);
    return this.repoLock.run(repo.root, () => this.createLocked(userId, repo.root, input));
  }

  /** Changed, staged and untracked files, ahead/behind and unpushed commits. */
  async status(userId: string, target: WorktreeTarget): Promise<WorktreeStatus> {
    const { worktreePath } = await this.resolveTarget(userId, target, { allowMain: true });
    return translating('precondition', `status of ${worktreePath}`, () =>
      inspectWorktree(worktreePath),
    );
  }

  /**
   * Removes a worktree (its branch stays). Refused with PRECONDITION_FAILED when it has
   * uncommitted changes or unpushed commits, unless `force`.
   */
  async remove(
    userId: string,
    target: WorktreeTarget,
    opts: { force?: boolean } = {},
  ): Promise<{ path: string; branch: string | null; forced: boolean }> {
    const { worktreePath, repoRoot, rowId } = await this.resolveTarget(userId, target, {
      allowMain: false,
    });
    return this.repoLock.run(repoRoot, async () => {
      const status = await translating('precondition', `status of ${worktreePath}`, () =>
        inspectWorktree(worktreePath),
      );
      if (!opts.force && (!status.clean || status.unpushedCount > 0)) {
        throw new PreconditionError(
          `worktree ${worktreePath} has ${describeWork(status, true)}; commit and push them, or pass force to remove it anyway`,
        );
      }
      const args = [
        'worktree',
        'remove',
        ...(opts.force ? ['--force', '--force'] : []),
        '--',
        worktreePath,
      ];
      await translating('precondition', `removing ${worktreePath}`, () =>
        git(args, { cwd: repoRoot, timeoutMs: GIT_CHECKOUT_TIMEOUT_MS }),
      );
      if (rowId) await this.db.worktree.delete({ where: { id: rowId } });
      return { path: worktreePath, branch: status.branch, forced: opts.force ?? false };
    });
  }

  /** The caller's record `id`, or NOT_FOUND. */
  async findOwned(userId: string, id: string): Promise<WorktreeSummary> {
    const row = await this.db.worktree.findFirst({ where: { id, userId }, select: worktreeSelect });
    if (!row) throw new NotFoundError(`worktree ${id} not found`);
    return row;
  }

  private async createLocked(
    userId: string,
    repoRoot: string,
    input: WorktreeCreateInput,
  ): Promise<WorktreeCreated> {
    const { branch } = input;
    await translating('bad_input', `branch "${branch}"`, () => assertBranchName(repoRoot, branch));
    const exists = await branchExists(repoRoot, branch);
    let base: string | null = null;
    if (input.baseBranch !== undefined) {
      if (exists) {
        throw new ConflictError(
          `branch "${branch}" already exists; omit baseBranch to check it out, or choose another name`,
        );
      }
      base = await resolveCommit(repoRoot, input.baseBranch);
      if (!base) throw new BadInputError(`base "${input.baseBranch}" names no commit`);
    }
    if (exists) {
      const holder = (await listWorktrees(repoRoot)).find((entry) => entry.branch === branch);
      if (holder) {
        throw new ConflictError(`branch "${branch}" is already checked out at ${holder.path}`);
      }
    }
    const requested = input.path ?? defaultWorktreePath(repoRoot, branch);
    const target = await translating('bad_input', `worktree path "${requested}"`, () =>
      confineNew(requested, this.config.allowedRoots),
    );
    if (await lstat(target).catch(() => null)) {
      throw new ConflictError(`worktree path ${target} already exists`);
    }
    const reserved = await this.db.worktree.findUnique({
      where: { path: target },
      select: { id: true },
    });
    if (reserved) {
      throw new ConflictError(
        `worktree path ${target} belongs to a worktree in the trash; restore or purge it first`,
      );
    }

    const made = { firstNewDir: null as string | null, added: false, createdBranch: false };
    let done = false;
    try {
      made.firstNewDir = (await mkdir(path.dirname(target), { recursive: true })) ?? null;
      const args = exists
        ? ['worktree', 'add', '--', target, branch]
        : ['worktree', 'add', '-b', branch, '--', target, ...(base ? [base] : [])];
      await translating('bad_input', `git worktree add ${target}`, () =>
        git(args, { cwd: repoRoot, timeoutMs: GIT_CHECKOUT_TIMEOUT_MS }),
      );
      made.added = true;
      made.createdBranch = !exists;
      const files = await copyWorktreeFiles(repoRoot, target);
      const setup = await this.runSetup(repoRoot, target, branch, input.runSetup);
      const row = await this.db.worktree.create({
        data: {
          userId,
          repoPath: repoRoot,
          path: target,
          branch,
          baseBranch: input.baseBranch ?? null,
          setupOutput: setup?.output ?? null,
        },
        select: worktreeSelect,
      });
      done = true;
      return { ...row, files, setup };
    } finally {
      if (!done) await this.undoCreate(repoRoot, target, branch, made);
    }
  }

  private async runSetup(
    repoRoot: string,
    target: string,
    branch: string,
    wanted: boolean | undefined,
  ): Promise<SetupResult | null> {
    const command = this.config.setupCommand;
    if (!command || wanted === false) return null;
    const result = await runSetupCommand(command, {
      cwd: target,
      env: { RDV_WORKTREE_PATH: target, RDV_REPO_PATH: repoRoot, RDV_BRANCH: branch },
      timeoutMs: this.config.setupTimeoutMs,
    });
    if (result.exitCode !== 0) {
      const why = result.timedOut
        ? 'timed out'
        : `failed (exit ${result.exitCode ?? result.signal ?? 'unknown'})`;
      const tail = result.output.trim().split('\n').slice(-20).join('\n');
      throw new PreconditionError(
        `set-up command ${why}; the worktree was not created (pass runSetup: false to skip it). Output:\n${tail}`,
      );
    }
    return result;
  }

  /** Best effort, step by step: a failing step must not stop the others. */
  private async undoCreate(
    repoRoot: string,
    target: string,
    branch: string,
    made: { firstNewDir: string | null; added: boolean; createdBranch: boolean },
  ): Promise<void> {
    const quietly = (step: Promise<unknown>) => step.catch(() => undefined);
    const slow = { cwd: repoRoot, timeoutMs: GIT_CHECKOUT_TIMEOUT_MS };
    if (made.added)
      await quietly(git(['worktree', 'remove', '--force', '--force', '--', target], slow));
    await quietly(rm(target, { recursive: true, force: true }));
    await quietly(git(['worktree', 'prune'], { cwd: repoRoot }));
    if (made.createdBranch) await quietly(git(['branch', '-D', '--', branch], { cwd: repoRoot }));
    // Folders mkdir created on the way, deepest first, only while they are empty.
    if (made.firstNewDir) {
      for (
        let dir = path.dirname(target);
        dir.startsWith(made.firstNewDir);
        dir = path.dirname(dir)
      ) {
        if (
          (await rmdir(dir).then(
            () => true,
            () => false,
          )) === false
        )
          break;
        if (dir === made.firstNewDir) break;
      }
    }
  }

  /**
   * A target by id (the caller's active record) or by path (confined, a worktree's top; another
   * user's recorded worktree is NOT_FOUND). `allowMain`: the repository's main worktree is a
   * target too (status, review), not only a linked one (remove).
   */
  async resolveTarget(
    userId: string,
    target: WorktreeTarget,
    opts: { allowMain: boolean; allowInside?: boolean },
  ): Promise<{ worktreePath: string; repoRoot: string; rowId: string | null }> {
    let input: string;
    let rowId: string | null = null;
    if (target.id !== undefined) {
      const row = await this.findOwned(userId, target.id);
      if (row.status !== 'active') {
        throw new ConflictError(`worktree ${row.id} is in the trash; restore it first`);
      }
      input = row.path;
      rowId = row.id;
    } else {
      input = target.path ?? '';
    }
    try {
      let real = await confineExisting(input, this.config.allowedRoots);
      const top = await worktreeTopLevel(real);
      // A session started in `repo/apps/web` reviews `repo`: its top folder, if also allowed.
      if (top === null)
        throw new BadInputError(`"${input}" is not in a git repository or worktree`);
      if (top !== real && opts.allowInside) {
        real = await confineExisting(top, this.config.allowedRoots);
      } else if (top !== real) {
        throw new BadInputError(`"${input}" is not the top folder of a git worktree`);
      }
      const row = await this.db.worktree.findUnique({
        where: { path: real },
        select: { id: true, userId: true, status: true },
      });
      if (row && row.userId !== userId) throw new NotFoundError(`worktree ${input} not found`);
      if (row && row.status !== 'active') {
        throw new ConflictError(`worktree ${row.id} is in the trash; restore it first`);
      }
      const entries = await listWorktrees(real);
      const main = entries[0];
      if (!main || main.bare)
        throw new BadInputError(`"${input}": bare repositories are not supported`);
      const repoRoot = await confineExisting(main.path, this.config.allowedRoots);
      if (repoRoot === real && !opts.allowMain) {
        throw new BadInputError(`"${input}" is the repository's main worktree, not a linked one`);
      }
      return { worktreePath: real, repoRoot, rowId: rowId ?? row?.id ?? null };
    } catch (error) {
      throw toDomainError(error, 'bad_input', `worktree "${input}"`);
    }
  }
}
