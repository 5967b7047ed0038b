import type { FolderNode } from '../../lib/folders';

/** `work / rdv` for every folder in the tree, by id: what the filter and filtered rows show. */
export function folderPaths(roots: readonly FolderNode[]): Map<string, string> {
  const paths = new Map<string, string>();
  const walk = (nodes: readonly FolderNode[], prefix: string) => {
    for (const node of nodes) {
      const path = prefix ? `${prefix} / ${node.folder.name}` : node.folder.name;
      paths.set(node.folder.id, path);
      walk(node.children, path);
    }
  };
  walk(roots, '');
  return paths;
}

/** Every session in a folder and its sub-folders. */
export function sessionsUnder(node: FolderNode): FolderNode['sessions'] {
  return [...node.sessions, ...node.children.flatMap(sessionsUnder)];
}
