import type { LineRange } from './selection';

/** A comment written on the diff and not sent yet. */
export interface PendingComment extends LineRange {
  id: string;
  text: string;
}

const STORAGE_PREFIX = 'rdv.review.comments.';

/**
 * A session's pending comments, kept in this browser so a reload or a closed view does not
 * lose them (they are cleared once sent).
 */
export function loadPendingComments(storage: Storage, sessionId: string): PendingComment[] {
  try {
    const saved = JSON.parse(storage.getItem(STORAGE_PREFIX + sessionId) ?? '[]') as unknown;
    return Array.isArray(saved) ? saved.filter(isPendingComment) : [];
  } catch {
    return [];
  }
}

export function savePendingComments(
  storage: Storage,
  sessionId: string,
  comments: readonly PendingComment[],
): void {
  if (comments.length === 0) storage.removeItem(STORAGE_PREFIX + sessionId);
  else storage.setItem(STORAGE_PREFIX + sessionId, JSON.stringify(comments));
}

/** In the order the agent should read them: by file, then line. */
export function sortedComments(comments: readonly PendingComment[]): PendingComment[] {
  return [...comments].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.startLine - b.startLine ||
      a.endLine - b.endLine ||
      a.side.localeCompare(b.side),
  );
}

function isPendingComment(value: unknown): value is PendingComment {
  const c = value as Partial<PendingComment> | null;
  return (
    typeof c?.id === 'string' &&
    typeof c.text === 'string' &&
    typeof c.file === 'string' &&
    (c.side === 'old' || c.side === 'new') &&
    Number.isInteger(c.startLine) &&
    Number.isInteger(c.endLine)
  );
}
