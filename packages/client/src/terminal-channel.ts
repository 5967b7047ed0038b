// `@rdv/client/terminal-channel`: imports only @rdv/contract, so the dashboard's bundle uses it
// too (with the browser's WebSocket) and the CLI with `ws`'s.
import {
  decodeServerFrame,
  encodeClientFrame,
  type ChannelAttachInput,
  type ChannelClientFrame,
  type TerminalStreamEvent,
} from '@rdv/contract';

/** The part of the standard WebSocket API the channel uses (the browser's, or `ws`'s). */
export interface ChannelSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** A refusal from the daemon: `code` is the router's (NOT_FOUND, TOO_MANY_REQUESTS, ...). */
export class TerminalChannelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TerminalChannelError';
  }
}

/** The stream's events as `terminal.attach` subscribers know them (tracked ones with an id). */
export interface ChannelObserver {
  onData(item: { id?: string; event: TerminalStreamEvent }): void;
  onError?(error: Error): void;
  /** The stream ended on the daemon's side (an exit, a suspension) without an error. */
  onComplete?(): void;
  /**
   * As tRPC's wsLink says it: `connecting` with the error when the socket was lost (the channel
   * reconnects and asks to resume after the last event it delivered), `pending` once it is back.
   */
  onConnectionStateChange?(change: { state: 'connecting' | 'pending'; error?: Error }): void;
}

export interface TerminalChannelOptions {
  /** Opens the WebSocket, asking for `TERMINAL_CHANNEL_PROTOCOL`. */
  connect: () => ChannelSocket;
  /** Wait before reconnect attempt `attempt` (0, 1, ...). @default 250 ms doubling to 4 s */
  retryDelayMs?: (attempt: number) => number;
  /** The socket closed (before any reconnect), with its close code: 1001 is a daemon shutting down. */
  onClose?: (code: number) => void;
  /**
   * Asks the daemon every `intervalMs` while a stream is open, and treats the socket as lost
   * when no answer came within `pongTimeoutMs` (a laptop that slept, a dead NAT): a socket can
   * look open long after its peer is gone. Off when not given.
   */
  keepAlive?: { intervalMs: number; pongTimeoutMs: number };
}

interface Stream {
  input: ChannelAttachInput;
  observer: ChannelObserver;
  /** Unsubscribed: its frames still come until `ended`, and go nowhere. */
  dropped: boolean;
  lastEventId: string | null;
}

const OPEN = 1;
const defaultRetry = (attempt: number) => Math.min(250 * 2 ** attempt, 4_000);

/**
 * One terminal's channel to the daemon: an attach stream (one at a time; a new `attach` replaces
 * the old one on the same socket), its keys and its size. The socket opens on the first attach
 * and stays until `close()`; when it drops, the channel reconnects and resumes the current stream
 * after the last event delivered, as tRPC's wsLink does for a subscription. Requests in flight
 * when the socket drops are refused (an input pump sends them again with the same numbers).
 */
export class TerminalChannel {
  private socket: ChannelSocket | null = null;
  /** Frames written before the socket opened. */
  private outbox: string[] = [];
  /** Streams asked for and not yet ended, oldest first: frames belong to the first. */
  private streams: Stream[] = [];
  private requests = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextRef = 1;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The stream that the next reconnect asks for again, while the channel waits to retry. */
  private resuming: Stream | null = null;
  private closed = false;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  /** When the unanswered ping went out, if one did. */
  private pingSentAt: number | null = null;

  constructor(private readonly opts: TerminalChannelOptions) {}

  /** Starts a stream, ending the previous one; `unsubscribe()` ends it. */
  attach(input: ChannelAttachInput, observer: ChannelObserver): { unsubscribe(): void } {
    this.stopCurrent();
    const stream: Stream = { input, observer, dropped: false, lastEventId: input.lastEventId ?? null };
    this.streams.push(stream);
    this.write({ type: 'open', input });
    return {
      unsubscribe: () => this.drop(stream),
    };
  }

  /** Bytes to the pane; resolves once the daemon has handed them over (`terminal.input`). */
  input(input: { data: string; inputSeq?: number }): Promise<void> {
    return this.request((ref) => ({ type: 'input', ref, data: input.data, seq: input.inputSeq }));
  }

  /** This client's size (`terminal.resize`); with `claim`, it takes charge of the size now. */
  resize(input: { cols: number; rows: number; claim?: boolean }): Promise<void> {
    return this.request((ref) => ({ type: 'resize', ref, ...input }));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.keepAliveTimer);
    this.failRequests(new TerminalChannelError('CLIENT_CLOSED_REQUEST', 'the terminal channel was closed'));
    this.streams = [];
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'closed');
    }
  }

  private stopCurrent(): void {
    if (this.resuming) {
      this.resuming.dropped = true;
      this.resuming = null;
    }
    const current = this.streams.at(-1);
    if (current) this.drop(current);
  }

  /** Its frames go nowhere from now on; the daemon stops it if it is the open one. */
  private drop(stream: Stream): void {
    if (stream.dropped) return;
    stream.dropped = true;
    if (this.streams.at(-1) === stream) this.write({ type: 'stop' });
  }

  private request(frame: (ref: number) => ChannelClientFrame): Promise<void> {
    if (this.closed) return Promise.reject(new TerminalChannelError('CLIENT_CLOSED_REQUEST', 'the terminal channel was closed'));
    const ref = this.nextRef++;
    return new Promise<void>((resolve, reject) => {
      this.requests.set(ref, { resolve, reject });
      this.write(frame(ref));
    });
  }

  private write(frame: ChannelClientFrame): void {
    if (this.closed) return;
    const text = encodeClientFrame(frame);
    const socket = this.socket ?? this.connect();
    if (socket.readyState === OPEN) socket.send(text);
    else this.outbox.push(text);
  }

  private connect(): ChannelSocket {
    const socket = this.opts.connect();
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.startKeepAlive(socket);
      const wasRetry = this.attempt > 0;
      this.attempt = 0;
      const frames = this.outbox;
      this.outbox = [];
      for (const text of frames) socket.send(text);
      if (wasRetry) this.streams.at(-1)?.observer.onConnectionStateChange?.({ state: 'pending' });
    };
    socket.onmessage = (event) => {
      if (this.socket === socket && typeof event.data === 'string') this.receive(event.data);
    };
    socket.onerror = () => undefined; // the close that follows says what to do
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      clearInterval(this.keepAliveTimer);
      this.lost(event.code, event.reason);
    };
    return socket;
  }

  private startKeepAlive(socket: ChannelSocket): void {
    const keepAlive = this.opts.keepAlive;
    if (!keepAlive) return;
    clearInterval(this.keepAliveTimer);
    this.pingSentAt = null;
    const tick = Math.min(keepAlive.intervalMs, keepAlive.pongTimeoutMs);
    let lastPing = Date.now();
    this.keepAliveTimer = setInterval(() => {
      if (this.socket !== socket) return;
      const now = Date.now();
      if (this.pingSentAt !== null && now - this.pingSentAt > keepAlive.pongTimeoutMs) {
        // Gone without a close: give up on it as if it had closed.
        this.socket = null;
        clearInterval(this.keepAliveTimer);
        socket.onclose = null;
        socket.close(4000, 'no answer to keep-alive');
        this.lost(1006, 'no answer to keep-alive');
      } else if (this.pingSentAt === null && now - lastPing >= keepAlive.intervalMs && this.streams.length > 0) {
        lastPing = now;
        this.pingSentAt = now;
        socket.send(encodeClientFrame({ type: 'ping' }));
      }
    }, tick);
  }

  private receive(text: string): void {
    const frame = decodeServerFrame(text);
    if (frame === null) return; // a newer daemon's frame this client does not know
    const head = this.streams[0];
    switch (frame.type) {
      case 'pong':
        this.pingSentAt = null;
        return;
      case 'event':
        if (!head) return;
        if (frame.id !== undefined) head.lastEventId = frame.id;
        if (!head.dropped) head.observer.onData(frame.id === undefined ? { event: frame.event } : { id: frame.id, event: frame.event });
        return;
      case 'ended':
        this.streams.shift();
        if (head && !head.dropped) {
          head.dropped = true;
          head.observer.onComplete?.();
        }
        return;
      case 'ok':
      case 'error': {
        if (frame.ref === undefined) {
          if (frame.type === 'error' && head && !head.dropped) {
            head.dropped = true;
            head.observer.onError?.(new TerminalChannelError(frame.code, frame.message));
          }
          return;
        }
        const pending = this.requests.get(frame.ref);
        this.requests.delete(frame.ref);
        if (frame.type === 'ok') pending?.resolve();
        else pending?.reject(new TerminalChannelError(frame.code, frame.message));
        return;
      }
    }
  }

  /** The socket is gone: refuse what was in flight, then reconnect for the current stream. */
  private lost(code: number, reason: string): void {
    this.opts.onClose?.(code);
    const error = new TerminalChannelError('CLIENT_CLOSED_REQUEST', `connection to the daemon lost${reason ? `: ${reason}` : ''} (${code})`);
    this.failRequests(error);
    this.outbox = [];
    // A new socket starts with no stream: the current one is asked for again after the wait.
    const current = this.streams.at(-1);
    this.streams = [];
    if (this.closed || !current || current.dropped) return;
    current.observer.onConnectionStateChange?.({ state: 'connecting', error });
    this.resuming = current;
    const delay = (this.opts.retryDelayMs ?? defaultRetry)(this.attempt++);
    this.retryTimer = setTimeout(() => {
      if (this.closed || this.resuming !== current || current.dropped) return;
      this.resuming = null;
      this.streams.push(current);
      // Resume after the last event delivered: the daemon answers `resume` or a snapshot.
      this.write({ type: 'open', input: { ...current.input, lastEventId: current.lastEventId } });
    }, delay);
  }

  private failRequests(error: Error): void {
    const pending = [...this.requests.values()];
    this.requests.clear();
    for (const request of pending) request.reject(error);
  }
}
