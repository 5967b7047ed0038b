/** What a folder path is built from: a folder's name and its parent's id. */
export interface FolderLink {
  name: string;
  parentId: string | null;
}

/**
 * A folder's path from the top, `work/api`, as the dashboard shows it and the CLI accepts it.
 * Bounded at 64 levels, in case a cycle ever reached the client.
 */
export function folderPathOf<F extends FolderLink>(
  folder: F,
  byId: ReadonlyMap<string, F>,
): string {
  const names = [folder.name];
  let parent = folder.parentId ? byId.get(folder.parentId) : undefined;
  for (let depth = 0; parent && depth < 64; depth++) {
    names.unshift(parent.name);
    parent = parent.parentId ? byId.get(parent.parentId) : undefined;
  }
  return names.join('/');
}
