// What needs the user, rolled up: the folder dot of a collapsed folder, the page title's count,
// the words the screen-reader announcement uses (a notification's are in notifications.ts). Pure functions; the
// components that show them are components/attention.tsx and the sidebar.
import type { DotStatus, Session } from './types';

/** Statuses a collapsed folder shows, most urgent first. Anything else shows no dot. */
export const ROLL_UP_ORDER: readonly DotStatus[] = ['waiting', 'error', 'stalled', 'running'];

/** The most urgent status among a folder's sessions, or null when none is worth a dot. */
export function rollUpStatus(statuses: Iterable<DotStatus>): DotStatus | null {
  let best = ROLL_UP_ORDER.length;
  for (const status of statuses) {
    const rank = ROLL_UP_ORDER.indexOf(status);
    if (rank !== -1 && rank < best) best = rank;
  }
  return ROLL_UP_ORDER[best] ?? null;
}

/**
 * What a session contributes to its folder's roll-up: its dot, except that a session that ended
 * badly (a non-zero code, or no status at all) counts as an error: a crash deserves a look.
 */
export function attentionStatus(
  session: Pick<Session, 'status' | 'exitCode'>,
  dot: DotStatus,
): DotStatus {
  return session.status === 'exited' && session.exitCode !== 0 ? 'error' : dot;
}

/** `(2) rdv`: the number of sessions waiting for the user before the page's own title. */
export function titleWithCount(base: string, waiting: number): string {
  return waiting > 0 ? `(${waiting}) ${base}` : base;
}

/** What a screen reader hears: "<session> is waiting: <question line>". */
export function waitingAnnouncement(sessionName: string, question: string | undefined): string {
  const quoted = question?.trim();
  return quoted ? `${sessionName} is waiting: ${quoted}` : `${sessionName} is waiting for input`;
}

/**
 * The sidebar filter: every word must appear (case-insensitive) in the session's name, its
 * folder path or its working directory.
 */
export function matchesFilter(
  query: string,
  fields: { name: string; folderPath: string; cwd: string },
): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${fields.name}\n${fields.folderPath}\n${fields.cwd}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}
