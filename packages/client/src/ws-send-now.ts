// `@rdv/client/ws-send-now`: imports only @trpc/client, so the dashboard's bundle uses it too.
import { TRPCClientError, type createWSClient } from '@trpc/client';

type WsClient = ReturnType<typeof createWSClient>;

/** The parts of tRPC's WsClient (11.x) that `batchSend` uses: not public API, so checked. */
interface WsClientInternals {
  batchSend(
    message: { id: number | string | null },
    callbacks: { error(cause: unknown): void },
  ): () => void;
  requestManager: {
    register(message: unknown, callbacks: unknown): () => void;
    flush(): Array<{ message: unknown }>;
    hasOutgoingRequests(): boolean;
    delete(id: number | string | null): void;
  };
  activeConnection: { isOpen(): boolean };
  inactivityTimeout: { reset(): void };
  open(): Promise<void>;
  send(messages: unknown): void;
}

/**
 * tRPC's WebSocket client waits a `setTimeout(0)` before sending each request, to batch what
 * was asked in the same tick. A browser clamps that timer to 1-4 ms and Node's costs a loop turn:
 * on the keystroke path that is most of what rdv adds over a bare `tmux attach`. This sends on
 * a microtask instead, which still batches everything asked in the same tick. Returns false (and
 * changes nothing) if the client is not shaped as expected, as after a tRPC upgrade; its test
 * fails then.
 */
export function sendWithoutDelay(client: WsClient): boolean {
  const inner = client as unknown as WsClientInternals;
  if (!hasExpectedShape(inner)) return false;
  inner.batchSend = function batchSendNow(this: WsClientInternals, message, callbacks) {
    this.inactivityTimeout.reset();
    const abort = this.requestManager.register(message, callbacks);
    queueMicrotask(() => {
      void (async () => {
        if (!this.activeConnection.isOpen()) await this.open();
        if (!this.requestManager.hasOutgoingRequests()) return;
        this.send(this.requestManager.flush().map((request) => request.message));
      })().catch((error: unknown) => {
        this.requestManager.delete(message.id);
        callbacks.error(
          TRPCClientError.from(error instanceof Error ? error : new Error(String(error))),
        );
      });
    });
    return abort;
  };
  return true;
}

function hasExpectedShape(inner: Partial<WsClientInternals>): inner is WsClientInternals {
  const manager = inner.requestManager as Partial<WsClientInternals['requestManager']> | undefined;
  return (
    typeof inner.batchSend === 'function' &&
    typeof inner.open === 'function' &&
    typeof inner.send === 'function' &&
    typeof inner.activeConnection?.isOpen === 'function' &&
    typeof inner.inactivityTimeout?.reset === 'function' &&
    typeof manager?.register === 'function' &&
    typeof manager.flush === 'function' &&
    typeof manager.hasOutgoingRequests === 'function' &&
    typeof manager.delete === 'function'
  );
}
