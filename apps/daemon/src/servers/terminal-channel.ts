import type { IncomingMessage } from 'node:http';
import { appRouter, callTerminalInput, createCallerFactory, createContext, type ApiServices } from '@rdv/api';
import {
  decodeClientFrame,
  encodeServerFrame,
  type ChannelAttachInput,
  type ChannelServerFrame,
  type TerminalStreamEvent,
} from '@rdv/contract';
import { getTRPCErrorFromUnknown, isTrackedEnvelope } from '@trpc/server';
import type { RawData, WebSocket } from 'ws';
import type { DaemonLogger } from '../logger.ts';
import { connectionId } from './connection-id.ts';
import { socketOutbound } from './socket-outbound.ts';

const createCaller = createCallerFactory(appRouter);

/** A socket that has not asked for a terminal by then is closed (1008, policy). */
export const CHANNEL_OPEN_TIMEOUT_MS = 10_000;
/**
 * Requests (keys, resizes) waiting their turn on one socket at most; past it they are refused
 * at once (TOO_MANY_REQUESTS), so a client that sends faster than tmux takes cannot grow the
 * daemon's memory. A client pump has one or a few in flight.
 */
export const MAX_QUEUED_REQUESTS = 256;

/**
 * One terminal channel (`TERMINAL_CHANNEL_PROTOCOL`, packages/contract/src/terminal-channel.ts):
 * its frames become calls of the same router procedures the tRPC transport serves, through a
 * server-side caller, so every check (token, share-viewer refusal, rate limits, subscription
 * slots, zod, audit, the owner's session) is the router's own; a keystroke runs the same checks
 * and body as `terminal.input` without the caller (`callTerminalInput`). What it saves is the
 * wire: output goes out as the pane's text with a one-line header, a keystroke comes in as one.
 */
export function serveTerminalChannel(
  ws: WebSocket,
  req: IncomingMessage,
  services: ApiServices,
  logger: DaemonLogger,
): void {
  const ctx = createContext(services, {
    headers: req.headers,
    transport: 'ws',
    connection: connectionId(req.socket, 'ws'),
    outbound: socketOutbound(req.socket, () => ws.bufferedAmount),
  });
  const calls = createCaller(ctx);
  let session: ChannelAttachInput | null = null;
  let stream: AbortController | null = null;
  /** The running stream's end: the next `open` waits for it, so `ended` always comes first. */
  let streamDone: Promise<void> = Promise.resolve();
  /** Input and resizes run one after another, in the order they came. */
  let requests: Promise<void> = Promise.resolve();
  let queued = 0;

  const send = (frame: ChannelServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeServerFrame(frame));
  };
  const refuse = (error: unknown, ref?: number) => {
    const { code, message } = getTRPCErrorFromUnknown(error);
    if (code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error }, 'terminal channel request failed');
    send({ type: 'error', ...(ref === undefined ? {} : { ref }), code, message: code === 'INTERNAL_SERVER_ERROR' ? 'internal error' : message });
  };

  const openTimer = setTimeout(() => {
    if (session === null) ws.close(1008, 'no terminal was opened');
  }, CHANNEL_OPEN_TIMEOUT_MS);
  openTimer.unref();

  const stop = () => {
    stream?.abort();
    stream = null;
  };

  const open = (input: ChannelAttachInput) => {
    stop();
    session = input;
    const abort = new AbortController();
    stream = abort;
    const previous = streamDone;
    streamDone = (async () => {
      await previous;
      if (abort.signal.aborted) return send({ type: 'ended' });
      try {
        const events = await createCaller(ctx, { signal: abort.signal }).terminal.attach(input);
        for await (const item of events as AsyncIterable<unknown>) {
          if (abort.signal.aborted) break;
          send(toEventFrame(item));
        }
      } catch (error) {
        if (!abort.signal.aborted) refuse(error);
      }
      send({ type: 'ended' });
    })();
  };

  const request = (ref: number, call: (on: ChannelAttachInput) => Promise<unknown>) => {
    if (queued >= MAX_QUEUED_REQUESTS) {
      return send({ type: 'error', ref, code: 'TOO_MANY_REQUESTS', message: `more than ${MAX_QUEUED_REQUESTS} requests waiting on this terminal` });
    }
    queued += 1;
    requests = requests.then(async () => {
      queued -= 1;
      const on = session;
      if (on === null) return send({ type: 'error', ref, code: 'BAD_REQUEST', message: 'open a terminal first' });
      try {
        await call(on);
        send({ type: 'ok', ref });
      } catch (error) {
        refuse(error, ref);
      }
    });
  };

  ws.on('message', (data, isBinary) => {
    const frame = isBinary ? null : decodeClientFrame(textOf(data));
    if (frame === null) {
      return send({ type: 'error', code: 'BAD_REQUEST', message: 'malformed terminal channel frame' });
    }
    switch (frame.type) {
      case 'open':
        return open(frame.input);
      case 'stop':
        return stop();
      case 'ping':
        return send({ type: 'pong' });
      case 'input':
        // The procedure's own checks and body without the caller's machinery: keys are hot.
        return request(frame.ref, (on) =>
          callTerminalInput(ctx, {
            sessionId: on.sessionId,
            clientId: on.clientId,
            data: frame.data,
            ...(frame.seq === undefined ? {} : { inputSeq: frame.seq }),
          }),
        );
      case 'resize':
        return request(frame.ref, (on) =>
          calls.terminal.resize({
            sessionId: on.sessionId,
            clientId: on.clientId,
            cols: frame.cols,
            rows: frame.rows,
            ...(frame.claim === undefined ? {} : { claim: frame.claim }),
          }),
        );
    }
  });
  ws.on('close', () => {
    clearTimeout(openTimer);
    stop();
  });
}

/** A text frame's content (ws hands it over as a Buffer, or fragments of one). */
function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

/** `tracked()` events carry their id; the rest (exit, suspended) are the event itself. */
function toEventFrame(item: unknown): ChannelServerFrame {
  if (isTrackedEnvelope(item)) {
    const [id, event] = item as unknown as [string, TerminalStreamEvent];
    return { type: 'event', id, event };
  }
  return { type: 'event', event: item as TerminalStreamEvent };
}
