import type { DiffFileStatus, WorktreeDiffFile } from '@rdv/api';

const LETTERS: Record<DiffFileStatus, string> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
  copied: 'C',
  'type-changed': 'T',
  untracked: 'U',
};

const LABELS: Record<DiffFileStatus, string> = {
  added: 'added',
  modified: 'modified',
  deleted: 'deleted',
  renamed: 'renamed',
  copied: 'copied',
  'type-changed': 'type changed',
  untracked: 'new, untracked',
};

/** git's one-letter status (U for untracked, as VS Code shows it). */
export function fileStatusLetter(status: DiffFileStatus): string {
  return LETTERS[status];
}

export function fileStatusLabel(status: DiffFileStatus): string {
  return LABELS[status];
}

/**
 * Files under their folder, folders in path order (the top folder first), as a file tree
 * shows them one level deep: enough to see where changes are without nested expanders.
 */
export function groupByFolder<F extends Pick<WorktreeDiffFile, 'path'>>(
  files: readonly F[],
): Array<{ folder: string; files: F[] }> {
  const groups = new Map<string, F[]>();
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const folder = slash < 0 ? '' : file.path.slice(0, slash);
    groups.set(folder, [...(groups.get(folder) ?? []), file]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))
    .map(([folder, list]) => ({
      folder,
      files: list.sort((a, b) => a.path.localeCompare(b.path)),
    }));
}

/** The files in the order the list shows them (for "next file" and the first selection). */
export function listOrder<F extends Pick<WorktreeDiffFile, 'path'>>(files: readonly F[]): F[] {
  return groupByFolder(files).flatMap((group) => group.files);
}
