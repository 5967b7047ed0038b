import { BadInputError, ConflictError, NotFoundError, PreconditionError } from '../../../errors.ts';
import type { Prisma, PrismaClient } from '@rdv/db';
import {
  folderChain,
  folderDepth,
  isSelfOrDescendant,
  loadFolderTree,
  MAX_FOLDER_DEPTH,
  subtreeHeight,
} from './folder-tree.ts';
import type { PreferenceService } from '../preferences/preference-service.ts';
import type { ResolvedPreferences } from '../preferences/preference-resolve.ts';

export const folderSelect = {
  id: true,
  name: true,
  parentId: true,
  collapsed: true,
  sortOrder: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.FolderSelect;

export type FolderSummary = Prisma.FolderGetPayload<{ select: typeof folderSelect }>;

const folderSessionSelect = {
  id: true,
  name: true,
  status: true,
  kind: true,
} satisfies Prisma.SessionSelect;
const folderWorktreeSelect = {
  id: true,
  repoPath: true,
  path: true,
  branch: true,
  status: true,
} satisfies Prisma.WorktreeSelect;
const folderOrchestratorSelect = {
  id: true,
  name: true,
  paused: true,
  intervalSeconds: true,
  autoIntervention: true,
} satisfies Prisma.OrchestratorSelect;

/** Everything a folder view needs in one call. */
export interface FolderContext {
  folder: FolderSummary;
  /** From the top-level folder down to the parent. */
  ancestors: FolderSummary[];
  preferences: ResolvedPreferences;
  sessions: Array<Prisma.SessionGetPayload<{ select: typeof folderSessionSelect }>>;
  /** Worktrees of the sessions in this folder. */
  worktrees: Array<Prisma.WorktreeGetPayload<{ select: typeof folderWorktreeSelect }>>;
  /** Orchestrators attached to this folder. */
  orchestrators: Array<Prisma.OrchestratorGetPayload<{ select: typeof folderOrchestratorSelect }>>;
}

export interface FolderUpdate {
  name?: string;
  parentId?: string | null;
  collapsed?: boolean;
  sortOrder?: number;
}

/**
 * The folder tree. Every query is scoped to the caller: another user's folder is NOT_FOUND,
 * exactly like a missing one. Tree changes run in a transaction, so two concurrent moves
 * cannot build a cycle between them.
 */
export class FolderService {
  constructor(
    private readonly db: PrismaClient,
    private readonly preferences: Pick<PreferenceService, 'resolve'>,
  ) {}

  list(userId: string): Promise<FolderSummary[]> {
    return this.db.folder.findMany({
      where: { userId },
      select: folderSelect,
      orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    });
  }

  async get(userId: string, id: string): Promise<FolderSummary> {
    const folder = await this.db.folder.findFirst({ where: { id, userId }, select: folderSelect });
    if (!folder) throw notFound(id);
    return folder;
  }

  /** The direct sub-folders of `parentId` (null: the top level). */
  async children(userId: string, parentId: string | null): Promise<FolderSummary[]> {
    if (parentId !== null) await this.get(userId, parentId);
    return this.db.folder.findMany({
      where: { userId, parentId },
      select: folderSelect,
      orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    });
  }

  async create(
    userId: string,
    input: { name: string; parentId?: string | null },
  ): Promise<FolderSummary> {
    const parentId = input.parentId ?? null;
    return this.db.$transaction(async (tx) => {
      const tree = await loadFolderTree(tx, userId);
      if (parentId !== null && !tree.has(parentId)) throw notFound(parentId);
      if (folderDepth(tree, parentId) + 1 > MAX_FOLDER_DEPTH) throw tooDeep();
      const last = await tx.folder.aggregate({
        where: { userId, parentId },
        _max: { sortOrder: true },
      });
      return tx.folder.create({
        data: { userId, parentId, name: input.name, sortOrder: (last._max.sortOrder ?? -1) + 1 },
        select: folderSelect,
      });
    });
  }

  /** Renames, moves, collapses or reorders. Moving under itself or a descendant is CONFLICT. */
  async update(userId: string, id: string, patch: FolderUpdate): Promise<FolderSummary> {
    return this.db.$transaction(async (tx) => {
      const tree = await loadFolderTree(tx, userId);
      if (!tree.has(id)) throw notFound(id);
      const newParent = patch.parentId;
      if (newParent !== undefined && newParent !== tree.get(id)) {
        if (newParent !== null) {
          if (!tree.has(newParent)) throw notFound(newParent);
          if (isSelfOrDescendant(tree, id, newParent)) {
            throw new ConflictError(newParent === id
                  ? `folder ${id} cannot be moved under itself`
                  : `folder ${id} cannot be moved under its own descendant ${newParent}`);
          }
        }
        if (folderDepth(tree, newParent) + subtreeHeight(tree, id) > MAX_FOLDER_DEPTH)
          throw tooDeep();
      }
      return tx.folder.update({
        where: { id },
        data: {
          name: patch.name,
          parentId: newParent,
          collapsed: patch.collapsed,
          sortOrder: patch.sortOrder,
        },
        select: folderSelect,
      });
    });
  }

  /**
   * Deletes a folder. One that still holds sub-folders or open sessions (any status but
   * "closed") is refused with PRECONDITION_FAILED, unless `moveContentsToParent`: then its
   * sub-folders and all its sessions move to its parent (the top level when it has none).
   * Closed sessions always move to the parent, so history keeps its place. The folder's own
   * preferences and orchestrators are deleted with it.
   */
  async delete(
    userId: string,
    id: string,
    opts: { moveContentsToParent?: boolean } = {},
  ): Promise<{ id: string; movedFolders: number; movedSessions: number }> {
    return this.db.$transaction(async (tx) => {
      const folder = await tx.folder.findFirst({
        where: { id, userId },
        select: { id: true, parentId: true },
      });
      if (!folder) throw notFound(id);
      const subfolders = await tx.folder.count({ where: { userId, parentId: id } });
      const openSessions = await tx.session.count({
        where: { userId, folderId: id, status: { not: 'closed' } },
      });
      if ((subfolders > 0 || openSessions > 0) && !opts.moveContentsToParent) {
        throw new PreconditionError(`folder ${id} still holds ${subfolders} folder(s) and ${openSessions} session(s); move or close them first, or pass moveContentsToParent`);
      }
      const moved = await tx.folder.updateMany({
        where: { userId, parentId: id },
        data: { parentId: folder.parentId },
      });
      const sessions = await tx.session.updateMany({
        where: { userId, folderId: id },
        data: { folderId: folder.parentId },
      });
      await tx.folder.delete({ where: { id } });
      return { id, movedFolders: moved.count, movedSessions: sessions.count };
    });
  }

  /** The folder with its ancestors, effective preferences, sessions, worktrees and orchestrators. */
  async context(userId: string, id: string): Promise<FolderContext> {
    const tree = await loadFolderTree(this.db, userId);
    if (!tree.has(id)) throw notFound(id);
    const chain = folderChain(tree, id);
    const [folders, preferences, sessions, worktrees, orchestrators] = await Promise.all([
      this.db.folder.findMany({ where: { userId, id: { in: chain } }, select: folderSelect }),
      this.preferences.resolve(userId, id),
      this.db.session.findMany({
        where: { userId, folderId: id },
        select: folderSessionSelect,
        orderBy: { createdAt: 'asc' },
      }),
      this.db.worktree.findMany({
        where: { userId, sessions: { some: { userId, folderId: id } } },
        select: folderWorktreeSelect,
        orderBy: { createdAt: 'asc' },
      }),
      this.db.orchestrator.findMany({
        where: { userId, folderId: id },
        select: folderOrchestratorSelect,
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    const byId = new Map(folders.map((folder) => [folder.id, folder]));
    const folder = byId.get(id);
    if (!folder) throw notFound(id);
    const ancestors = chain.slice(0, -1).flatMap((ancestor) => byId.get(ancestor) ?? []);
    return { folder, ancestors, preferences, sessions, worktrees, orchestrators };
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`folder ${id} not found`);
}

function tooDeep(): BadInputError {
  return new BadInputError(`folders can be nested at most ${MAX_FOLDER_DEPTH} levels deep`);
}
