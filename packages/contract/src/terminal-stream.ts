// The `terminal.attach` stream as it crosses the wire: its events and their ids. The daemon
// writes them (packages/api), the dashboard and the CLI read them.

/**
 * What `terminal.attach` sends. Every (re)subscription starts with `snapshot` (replace the
 * screen) or `resume` (the missed output follows), so a client always learns where it stands;
 * `output` appends; `size` resizes the terminal before the output that follows (the stream is
 * the pane's own bytes, drawn at the pane's size).
 */
export type TerminalStreamEvent =
  | { type: 'snapshot'; data: string; cols: number; rows: number }
  | { type: 'resume'; cols: number; rows: number }
  | { type: 'output'; data: string }
  | { type: 'size'; cols: number; rows: number }
  | { type: 'exit'; code: number | null }
  | { type: 'suspended' }
  | { type: 'error'; message: string };

/**
 * Event ids are `<epoch>:<seq>`. A hub's seq starts at 0 (a daemon restart, a hub reopened after
 * idling), so a bare seq from an earlier hub could equal a chunk boundary of this one and resume
 * at the wrong bytes; the per-hub epoch makes such an id unknown, and the client gets a snapshot.
 */
export function streamEventId(epoch: string, seq: number): string {
  return `${epoch}:${seq}`;
}

/** The seq of a `lastEventId` from this `epoch`; undefined for none, another epoch or garbage. */
export function streamEventSeq(lastEventId: string | null | undefined, epoch: string): number | undefined {
  if (!lastEventId) return undefined;
  const [idEpoch, idSeq] = lastEventId.split(':');
  if (idEpoch !== epoch || idSeq === undefined) return undefined;
  const seq = Number(idSeq);
  return /^\d+$/.test(idSeq) && Number.isSafeInteger(seq) ? seq : undefined;
}

/** `tracked()` events arrive as `{ id, data: event }`; the others (exit, suspended) as the event itself. */
export function unwrapStreamEvent(value: unknown): { id: string | undefined; event: TerminalStreamEvent } {
  const v = value as { id?: unknown; data?: unknown };
  if (typeof v.id === 'string' && v.data !== null && typeof v.data === 'object') {
    return { id: v.id, event: v.data as TerminalStreamEvent };
  }
  return { id: undefined, event: value as TerminalStreamEvent };
}

/** The web page a share link opens; the secret follows in the URL fragment (`/share#rdvs_...`). */
export const SHARE_PAGE_PATH = '/share';

/**
 * What `shares.watch` sends: first `share` (what the viewer is looking at), then the
 * `terminal.attach` events, and `ended` when the link stops working while it is watched.
 */
export type ShareStreamEvent =
  | { type: 'share'; sessionName: string; label: string; expiresAt: string }
  | { type: 'ended'; reason: 'revoked' | 'expired' | 'closed' }
  | TerminalStreamEvent;
