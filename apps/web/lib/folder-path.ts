import type { Folder } from './types';

/** A folder's path from the top, `work/api` (bounded, in case of a cycle). */
export function folderPathOf(folder: Folder, byId: ReadonlyMap<string, Folder>): string {
  const names = [folder.name];
  let parent = folder.parentId ? byId.get(folder.parentId) : undefined;
  for (let depth = 0; parent && depth < 64; depth++) {
    names.unshift(parent.name);
    parent = parent.parentId ? byId.get(parent.parentId) : undefined;
  }
  return names.join('/');
}
