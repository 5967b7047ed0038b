// The terminal channel: one WebSocket on terminal.sock per open terminal, speaking the
// `TERMINAL_CHANNEL_PROTOCOL` subprotocol instead of tRPC's JSON-RPC. It carries the same
// procedures (`terminal.attach`, `terminal.input`, `terminal.resize`, run by the daemon through
// the router, so authentication, limits, validation and audit are the router's own), framed for
// the keystroke path: output is its own text frame with no JSON around it (escape codes are not
// re-escaped, nothing is parsed), and a keystroke is one short frame. A terminal on its own socket
// also never waits behind another terminal's flood, as it would on a socket shared by a tab.
import type { TerminalStreamEvent } from './terminal-stream.ts';

/** `Sec-WebSocket-Protocol` of a terminal channel; anything else on terminal.sock is tRPC. */
export const TERMINAL_CHANNEL_PROTOCOL = 'rdv.terminal.1';

/** What `open` asks for: `terminal.attach`'s input. */
export interface ChannelAttachInput {
  sessionId: string;
  clientId?: string;
  cols?: number;
  rows?: number;
  historyLines?: number;
  lastEventId?: string | null;
}

/**
 * Client → daemon. A socket carries one attach stream at a time, started by `open` and ended by
 * `stop` (or by the stream itself); input and resize need an open stream (they act on its
 * session) and are answered by `ok` or `error` with the same `ref`.
 */
export type ChannelClientFrame =
  | { type: 'open'; input: ChannelAttachInput }
  | { type: 'stop' }
  | { type: 'input'; ref: number; data: string; seq?: number }
  | { type: 'resize'; ref: number; cols: number; rows: number; claim?: boolean }
  /** Is the socket still alive? (A browser cannot send WebSocket pings of its own.) */
  | { type: 'ping' };

/**
 * Daemon → client. `event` is the attach stream's (with the id to resume after, when it has
 * one); `ended` closes the current stream, whatever ended it, so frames after it belong to the
 * next `open`; `error` without a ref is the stream's own refusal or failure (and `ended` follows).
 */
export type ChannelServerFrame =
  | { type: 'event'; id?: string; event: TerminalStreamEvent }
  | { type: 'ended' }
  | { type: 'ok'; ref: number }
  | { type: 'error'; ref?: number; code: string; message: string }
  | { type: 'pong' };

// Frames are text. The first character says what follows; output and input carry their data
// raw after a one-line header, everything rarer is JSON.
const OUTPUT = 'o';
const EVENT = 'e';
const ENDED = 'd';
const OK = 'k';
const ERROR = 'x';
const OPEN = 'a';
const STOP = 's';
const INPUT = 'i';
const RESIZE = 'r';
const PING = 'p';
const PONG = 'q';

export function encodeServerFrame(frame: ChannelServerFrame): string {
  switch (frame.type) {
    case 'event':
      // The hot path: `o<id>\n<bytes>`.
      if (frame.event.type === 'output' && frame.id !== undefined) return `${OUTPUT}${frame.id}\n${frame.event.data}`;
      return EVENT + JSON.stringify(frame.id === undefined ? { event: frame.event } : { id: frame.id, event: frame.event });
    case 'ended':
      return ENDED;
    case 'ok':
      return `${OK}${frame.ref}`;
    case 'error':
      return ERROR + JSON.stringify({ ref: frame.ref, code: frame.code, message: frame.message });
    case 'pong':
      return PONG;
  }
}

/** The daemon's frames as the client reads them; null for a frame this version does not know. */
export function decodeServerFrame(text: string): ChannelServerFrame | null {
  switch (text.charAt(0)) {
    case OUTPUT: {
      const newline = text.indexOf('\n');
      if (newline < 0) return null;
      return { type: 'event', id: text.slice(1, newline), event: { type: 'output', data: text.slice(newline + 1) } };
    }
    case EVENT: {
      const parsed = parseJson(text.slice(1)) as { id?: unknown; event?: unknown } | undefined;
      if (!isObject(parsed) || !isObject(parsed.event)) return null;
      const id = typeof parsed.id === 'string' ? parsed.id : undefined;
      return { type: 'event', ...(id === undefined ? {} : { id }), event: parsed.event as TerminalStreamEvent };
    }
    case ENDED:
      return { type: 'ended' };
    case PONG:
      return { type: 'pong' };
    case OK: {
      const ref = refOf(text.slice(1));
      return ref === undefined ? null : { type: 'ok', ref };
    }
    case ERROR: {
      const parsed = parseJson(text.slice(1)) as { ref?: unknown; code?: unknown; message?: unknown } | undefined;
      if (!isObject(parsed)) return null;
      const ref = typeof parsed.ref === 'number' ? parsed.ref : undefined;
      return {
        type: 'error',
        ...(ref === undefined ? {} : { ref }),
        code: typeof parsed.code === 'string' ? parsed.code : 'INTERNAL_SERVER_ERROR',
        message: typeof parsed.message === 'string' ? parsed.message : 'the daemon refused the request',
      };
    }
    default:
      return null;
  }
}

export function encodeClientFrame(frame: ChannelClientFrame): string {
  switch (frame.type) {
    case 'open':
      return OPEN + JSON.stringify(frame.input);
    case 'stop':
      return STOP;
    case 'input':
      // The hot path: `i<ref>,<seq>\n<data>` (seq empty when the client does not number input).
      return `${INPUT}${frame.ref},${frame.seq ?? ''}\n${frame.data}`;
    case 'resize':
      return RESIZE + JSON.stringify({ ref: frame.ref, cols: frame.cols, rows: frame.rows, claim: frame.claim });
    case 'ping':
      return PING;
  }
}

/**
 * A client's frame as the daemon reads it: only the framing is checked here (the router's zod
 * schemas check the values), and anything malformed is null, which the daemon answers with an
 * error and otherwise ignores.
 */
export function decodeClientFrame(text: string): ChannelClientFrame | null {
  switch (text.charAt(0)) {
    case OPEN: {
      const input = parseJson(text.slice(1));
      return isObject(input) ? { type: 'open', input: input as unknown as ChannelAttachInput } : null;
    }
    case STOP:
      return text.length === 1 ? { type: 'stop' } : null;
    case PING:
      return text.length === 1 ? { type: 'ping' } : null;
    case INPUT: {
      const newline = text.indexOf('\n');
      if (newline < 0) return null;
      const [refText, seqText, extra] = text.slice(1, newline).split(',');
      const ref = refOf(refText);
      if (ref === undefined || seqText === undefined || extra !== undefined) return null;
      const seq = seqText === '' ? undefined : Number(seqText);
      if (seq !== undefined && !/^\d+$/.test(seqText)) return null;
      return { type: 'input', ref, data: text.slice(newline + 1), ...(seq === undefined ? {} : { seq }) };
    }
    case RESIZE: {
      const parsed = parseJson(text.slice(1)) as { ref?: unknown; cols?: unknown; rows?: unknown; claim?: unknown };
      if (!isObject(parsed)) return null;
      const ref = typeof parsed.ref === 'number' ? refOf(String(parsed.ref)) : undefined;
      if (ref === undefined) return null;
      return {
        type: 'resize',
        ref,
        cols: parsed.cols as number,
        rows: parsed.rows as number,
        ...(parsed.claim === undefined ? {} : { claim: parsed.claim as boolean }),
      };
    }
    default:
      return null;
  }
}

/** A request number: a non-negative safe integer in decimal. */
function refOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
