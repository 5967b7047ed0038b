import { streamEventId, streamEventSeq, type TerminalStreamEvent } from '@rdv/contract';
import type { TerminalHub, TerminalSnapshot } from './terminal-hub.ts';

export type { TerminalStreamEvent };

/** Why a hub was ended by rdv (as opposed to the process exiting on its own). */
export type HubEndReason = { type: 'exit'; code: number | null } | { type: 'suspended' };

/** An event, with the id to resume after it (none for the end of a stream). */
export interface StreamItem {
  id?: string;
  data: TerminalStreamEvent;
}

/** The client's connection, as far as backpressure goes. */
export interface Outbound {
  /** Bytes queued for the client and not yet taken by the kernel. */
  bytes(): number;
  /** Resolves when that queue has emptied (the socket's `drain`) or the connection closed. */
  drained(): Promise<void>;
}

export interface AttachStreamOptions {
  /** The id of the last event the client has: resume after it when the hub still holds it. */
  lastEventId?: string | null;
  /** History lines in a snapshot. */
  historyLines?: number;
  signal?: AbortSignal;
  /** Where the events go; without it, the stream never waits. */
  outbound?: Outbound;
  /** Why rdv ended the stream, asked when the hub ends without an exit of its own. */
  endReason?: () => HubEndReason | undefined;
}

/** Above this many bytes queued on the client's connection, the stream waits for a drain. */
export const CLIENT_HIGH_WATER_BYTES = 256 * 1024;

/**
 * The attach stream of one client: subscribe first, then the snapshot (or, when `lastEventId`
 * is still buffered, `resume` and the exact missed bytes), then live output. While the client's
 * connection is full it waits for the socket to drain, which fills this subscriber's bounded
 * queue in the hub and so pauses tmux's output, or, for a stalled client, drops it to a resync.
 */
export async function* attachStream(
  hub: TerminalHub,
  { lastEventId, historyLines, signal, outbound, endReason }: AttachStreamOptions,
): AsyncGenerator<StreamItem> {
  const after = streamEventSeq(lastEventId, hub.epoch);
  const subscription = hub.subscribe({ after, signal });
  const snapshotItem = (snapshot: TerminalSnapshot): StreamItem => {
    const { data, cols, rows } = snapshot;
    return { id: streamEventId(hub.epoch, snapshot.seq), data: { type: 'snapshot', data, cols, rows } };
  };
  try {
    let skipThrough = -1;
    if (after === undefined || subscription.needsSnapshot) {
      const snapshot = await hub.snapshot({ historyLines });
      skipThrough = snapshot.seq;
      yield snapshotItem(snapshot);
    } else {
      yield { id: streamEventId(hub.epoch, after), data: { type: 'resume', ...hub.size } };
    }
    for (;;) {
      const event = await subscription.next();
      if (event === null) break;
      switch (event.type) {
        case 'output':
          if (event.seq <= skipThrough) continue;
          if (outbound) await untilDrained(outbound, signal);
          yield { id: streamEventId(hub.epoch, event.seq), data: { type: 'output', data: event.data } };
          continue;
        case 'size':
          if (event.seq < skipThrough) continue; // the snapshot was taken at the new size
          yield {
            id: streamEventId(hub.epoch, event.seq),
            data: { type: 'size', cols: event.cols, rows: event.rows },
          };
          continue;
        case 'resync': {
          const snapshot = await hub.snapshot({ historyLines });
          skipThrough = snapshot.seq;
          yield snapshotItem(snapshot);
          continue;
        }
        case 'preview':
          // A flood's current screen (a resync follows): nothing to resume from either.
          yield { data: { type: 'snapshot', data: event.data, cols: event.cols, rows: event.rows } };
          continue;
        case 'snapshot':
          // The final screen of a pane that died: no later id to resume from.
          yield { data: { type: 'snapshot', data: event.data, cols: event.cols, rows: event.rows } };
          continue;
        case 'exit':
          yield { data: { type: 'exit', code: event.code } };
          return;
      }
    }
    // The hub ended without an exit event: rdv closed or suspended the session, or detached.
    const reason = endReason?.();
    if (reason) yield { data: reason };
  } finally {
    subscription.dispose();
  }
}

/** Waits, on drain events rather than a timer, until the client's queue is below the mark. */
async function untilDrained(outbound: Outbound, signal: AbortSignal | undefined): Promise<void> {
  if (outbound.bytes() <= CLIENT_HIGH_WATER_BYTES) return;
  let onAbort = () => undefined as void;
  const abort = new Promise<void>((resolve) => (onAbort = resolve));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (outbound.bytes() > CLIENT_HIGH_WATER_BYTES && !signal?.aborted) {
      await Promise.race([outbound.drained(), abort]);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
