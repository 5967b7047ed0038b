import type { EventEmitter } from 'node:events';
import type { Outbound } from '@rdv/terminal';

/** One pending drain per connection, shared by every stream on it (a tab may watch 20). */
const pendingDrains = new WeakMap<EventEmitter, Promise<void>>();

/**
 * A client connection for backpressure: `bytes()` is what it still has queued, and `drained()`
 * resolves on the stream's own `drain` (or `close`) event, so a full client costs no polling.
 */
export function socketOutbound(stream: EventEmitter, bytes: () => number): Outbound {
  return { bytes, drained: () => drainOf(stream) };
}

function drainOf(stream: EventEmitter): Promise<void> {
  let pending = pendingDrains.get(stream);
  if (!pending) {
    pending = new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        pendingDrains.delete(stream);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
    pendingDrains.set(stream, pending);
  }
  return pending;
}
