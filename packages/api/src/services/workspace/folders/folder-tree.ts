// The folder tree as a parent map: ancestors, depth and cycle checks. The pure functions are
// unit-tested in folder-tree.test.ts; `loadFolderTree` reads one user's tree in one query.
import { InternalError } from '../../../errors.ts';
import type { PrismaClient } from '@rdv/db';

/** Deepest a folder may sit (a top-level folder has depth 1). @default 32 */
export const MAX_FOLDER_DEPTH = 32;

/** folder id → parent id (null at the top level), for one user. */
export type FolderTree = ReadonlyMap<string, string | null>;

type Db = Pick<PrismaClient, 'folder'>;

/** Reads every folder of `userId` as a parent map. */
export async function loadFolderTree(db: Db, userId: string): Promise<FolderTree> {
  const rows = await db.folder.findMany({
    where: { userId },
    select: { id: true, parentId: true },
  });
  return new Map(rows.map((row) => [row.id, row.parentId]));
}

/**
 * The ids from the top-level folder down to `id` (inclusive). Throws INTERNAL_SERVER_ERROR when
 * the stored tree has a cycle or is deeper than MAX_FOLDER_DEPTH, which the service never writes.
 */
export function folderChain(tree: FolderTree, id: string): string[] {
  const chain: string[] = [];
  let current: string | null | undefined = id;
  while (current) {
    if (chain.length >= MAX_FOLDER_DEPTH || chain.includes(current)) {
      throw new InternalError(`folder ${id}: the stored folder tree has a cycle or is deeper than ${MAX_FOLDER_DEPTH}`);
    }
    chain.push(current);
    current = tree.get(current);
  }
  return chain.reverse();
}

/** Number of levels from the top to `id`; 0 for null (the top level itself). */
export function folderDepth(tree: FolderTree, id: string | null): number {
  return id === null ? 0 : folderChain(tree, id).length;
}

/** Levels in the subtree rooted at `id`, counting `id` itself (a leaf is 1). */
export function subtreeHeight(tree: FolderTree, id: string): number {
  const children = new Map<string, string[]>();
  for (const [child, parent] of tree) {
    if (parent === null) continue;
    const list = children.get(parent) ?? [];
    list.push(child);
    children.set(parent, list);
  }
  let height = 0;
  let level = [id];
  const seen = new Set<string>();
  while (level.length && height <= MAX_FOLDER_DEPTH) {
    height++;
    const next: string[] = [];
    for (const node of level) {
      if (seen.has(node)) continue;
      seen.add(node);
      next.push(...(children.get(node) ?? []));
    }
    level = next;
  }
  return height;
}

/** True when `candidate` is `id` or one of its descendants (moving `id` under it makes a cycle). */
export function isSelfOrDescendant(tree: FolderTree, id: string, candidate: string): boolean {
  return folderChain(tree, candidate).includes(id);
}
