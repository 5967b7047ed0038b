import { randomBytes } from 'node:crypto';
import { streamEventId, streamEventSeq, type TerminalStreamEvent } from '@rdv/contract';
import type { TerminalHub, TerminalSnapshot } from '@rdv/terminal';
import type { Context } from '../context.ts';
import { ownerOf } from './session-service.ts';
import { PANE_RESIZE_WAIT_MS } from './terminal-hubs.ts';
import type { z } from 'zod';
import type { terminalAttachInput } from '../schemas/terminal.ts';

/** Above this many bytes queued on the client's socket, the stream waits (backpressure). */
export const CLIENT_HIGH_WATER_BYTES = 256 * 1024;
const DRAIN_POLL_MS = 5;

/**
 * The attach stream: subscribe first, then the snapshot (or the exact missed bytes when
 * `lastEventId` is still buffered), then live output. Waits while the client's socket is full,
 * which fills this subscriber's bounded queue in the hub and so pauses the pty, or, for a
 * stalled client, drops it to a resync. Ids are `<hub epoch>:<stream offset>` (see streamEventId).
 */
export async function* attachStream(
  ctx: Context & { caller: { userId: string } },
  input: z.output<typeof terminalAttachInput> & { clientId: string },
  signal: AbortSignal | undefined,
): AsyncGenerator<{ id?: string; data: TerminalStreamEvent }> {
  const session = await ctx.sessions.requireLive(ctx.caller.userId, input.sessionId, ['active']);
  const size = input.cols && input.rows ? { cols: input.cols, rows: input.rows } : undefined;
  // A hub opened for this client starts at its size, so the first snapshot needs no resize.
  const lease = ctx.hubs.acquire({ ...ownerOf(session, ctx.caller.userId), ...size });
  let hub;
  try {
    hub = await lease.hub;
  } catch (error) {
    lease.release();
    yield { data: { type: 'error', message: `cannot attach: ${(error as Error).message}` } };
    return;
  }
  if (size) {
    // If this client decides the size, let tmux apply it before the snapshot, so the client
    // starts at its own size rather than resizing right after. (Another client in charge: no wait.)
    const applied = hub.resize(size.cols, size.rows, input.clientId);
    if (applied) await hub.waitForSize(applied, PANE_RESIZE_WAIT_MS);
  }

  const epoch = epochOf(hub);
  const after = streamEventSeq(input.lastEventId, epoch);
  const subscription = hub.subscribe({ after, signal });
  try {
    let skipThrough = -1;
    if (after === undefined || subscription.needsSnapshot) {
      const snapshot = await hub.snapshot({ historyLines: input.historyLines });
      skipThrough = snapshot.seq;
      yield snapshotEvent(epoch, snapshot);
    } else {
      yield { id: streamEventId(epoch, after), data: { type: 'resume', ...hub.size } };
    }
    for (;;) {
      const event = await subscription.next();
      if (event === null) break;
      switch (event.type) {
        case 'output':
          if (event.seq <= skipThrough) continue;
          await waitForDrain(ctx, signal);
          yield { id: streamEventId(epoch, event.seq), data: { type: 'output', data: event.data } };
          continue;
        case 'size':
          if (event.seq < skipThrough) continue; // the snapshot was taken at the new size
          yield {
            id: streamEventId(epoch, event.seq),
            data: { type: 'size', cols: event.cols, rows: event.rows },
          };
          continue;
        case 'resync': {
          const snapshot = await hub.snapshot({ historyLines: input.historyLines });
          skipThrough = snapshot.seq;
          yield snapshotEvent(epoch, snapshot);
          continue;
        }
        case 'snapshot':
          // The final screen of a pane that died: no later id to resume from.
          yield {
            data: { type: 'snapshot', data: event.data, cols: event.cols, rows: event.rows },
          };
          continue;
        case 'exit':
          yield { data: { type: 'exit', code: event.code } };
          return;
      }
    }
    // The hub ended without an exit event: rdv closed or suspended the session, or detached.
    const reason = ctx.hubs.endReason(session.id);
    if (reason) yield { data: reason };
  } finally {
    subscription.dispose();
    lease.release();
  }
}

function snapshotEvent(
  epoch: string,
  snapshot: TerminalSnapshot,
): { id: string; data: TerminalStreamEvent } {
  const { data, cols, rows } = snapshot;
  return { id: streamEventId(epoch, snapshot.seq), data: { type: 'snapshot', data, cols, rows } };
}

/** One random epoch per hub (see streamEventId in @rdv/contract). */
const epochs = new WeakMap<TerminalHub, string>();

function epochOf(hub: TerminalHub): string {
  let epoch = epochs.get(hub);
  if (!epoch) {
    epoch = randomBytes(4).toString('hex');
    epochs.set(hub, epoch);
  }
  return epoch;
}

async function waitForDrain(ctx: Context, signal: AbortSignal | undefined): Promise<void> {
  const outbound = ctx.req.outboundBytes;
  if (!outbound) return;
  while (outbound() > CLIENT_HIGH_WATER_BYTES && !signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
}
