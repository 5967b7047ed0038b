import type { Folder, Session } from './types';

export interface FolderNode {
  folder: Folder;
  depth: number;
  children: FolderNode[];
  sessions: Session[];
}

const byOrder = (a: Folder, b: Folder) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name);

/** The folder tree with each folder's sessions; sessions of unknown folders go to the top level. */
export function buildTree(
  folders: readonly Folder[],
  sessions: readonly Session[],
): { roots: FolderNode[]; loose: Session[] } {
  const nodes = new Map<string, FolderNode>();
  for (const folder of [...folders].sort(byOrder))
    nodes.set(folder.id, { folder, depth: 0, children: [], sessions: [] });
  const roots: FolderNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.folder.parentId ? nodes.get(node.folder.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const setDepth = (list: FolderNode[], depth: number) => {
    for (const node of list) {
      node.depth = depth;
      setDepth(node.children, depth + 1);
    }
  };
  setDepth(roots, 0);
  const loose: Session[] = [];
  for (const session of sessions) {
    const node = session.folderId ? nodes.get(session.folderId) : undefined;
    (node ? node.sessions : loose).push(session);
  }
  return { roots, loose };
}

/** Folders in tree order with their depth, for a <select>. */
export function flattenTree(
  roots: readonly FolderNode[],
): Array<{ id: string; name: string; depth: number }> {
  const out: Array<{ id: string; name: string; depth: number }> = [];
  const walk = (list: readonly FolderNode[]) => {
    for (const node of list) {
      out.push({ id: node.folder.id, name: node.folder.name, depth: node.depth });
      walk(node.children);
    }
  };
  walk(roots);
  return out;
}

/** Sessions in the order the sidebar shows them (for Alt+↑/↓). */
export function sidebarOrder(roots: readonly FolderNode[], loose: readonly Session[]): Session[] {
  const out: Session[] = [];
  const walk = (list: readonly FolderNode[]) => {
    for (const node of list) {
      if (!node.folder.collapsed) {
        walk(node.children);
        out.push(...node.sessions);
      }
    }
  };
  walk(roots);
  out.push(...loose);
  return out;
}
