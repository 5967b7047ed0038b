// Which sessions an orchestrator watches: every session of its user, or those in its folder and
// the folder's sub-folders.
import type { FolderTree } from '../workspace/folders/folder-tree.ts';

/** `folderId` and every folder below it. */
export function folderSubtree(tree: FolderTree, folderId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const [child, parent] of tree) {
    if (parent === null) continue;
    const list = children.get(parent) ?? [];
    list.push(child);
    children.set(parent, list);
  }
  const found = new Set<string>();
  const pending = [folderId];
  while (pending.length) {
    const id = pending.pop() as string;
    if (found.has(id)) continue;
    found.add(id);
    pending.push(...(children.get(id) ?? []));
  }
  return found;
}

export interface ScopeOwner {
  userId: string;
  folderId: string | null;
}

/** A predicate over sessions for one orchestrator; `trees` holds the folder tree of each user. */
export function scopeMatcher(
  orchestrator: ScopeOwner,
  tree: FolderTree,
): (session: { userId: string; folderId: string | null }) => boolean {
  if (orchestrator.folderId === null) return (session) => session.userId === orchestrator.userId;
  const folders = folderSubtree(tree, orchestrator.folderId);
  return (session) =>
    session.userId === orchestrator.userId &&
    session.folderId !== null &&
    folders.has(session.folderId);
}
