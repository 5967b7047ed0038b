import type { Socket } from 'node:net';

const ids = new WeakMap<Socket, string>();
let counter = 0;

/**
 * A stable name for a client connection (`http:12`): unix sockets carry no peer address, so the
 * connection is what the API's failed-authentication backoff is keyed by for local clients.
 */
export function connectionId(socket: Socket, transport: 'http' | 'ws'): string {
  let id = ids.get(socket);
  if (!id) {
    id = `${transport}:${++counter}`;
    ids.set(socket, id);
  }
  return id;
}
