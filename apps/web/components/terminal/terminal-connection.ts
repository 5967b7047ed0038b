import type { Terminal } from '@xterm/xterm';
import type { RdvClient } from '../../lib/trpc';

/**
 * xterm.js flow control (its own guide, and TERMINAL.md): every write carries a callback; when
 * more than HIGH bytes are parsed-but-not-yet-rendered, stop consuming (unsubscribe: the daemon
 * then stops sending and tmux drops frames for us), and resume below LOW from where we stopped
 * (`lastEventId`: the exact missed bytes, or a fresh snapshot if they are no longer buffered).
 * So `yes` never buries the tab and Ctrl-C's prompt shows up within one small backlog.
 */
export const FLOW_HIGH_WATER_BYTES = 256 * 1024;
export const FLOW_LOW_WATER_BYTES = 32 * 1024;
/** Lines of history in the first snapshot (a resume after a pause uses the daemon's default). */
export const MAX_INITIAL_HISTORY_LINES = 5_000;
/** Window resizes settle before the daemon hears of them. */
export const RESIZE_DEBOUNCE_MS = 80;

export type TerminalState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; reason: string }
  | { kind: 'exited'; code: number | null }
  | { kind: 'suspended' }
  | { kind: 'error'; message: string };

type StreamEvent =
  | { type: 'snapshot'; data: string; cols: number; rows: number }
  | { type: 'output'; data: string }
  | { type: 'exit'; code: number | null }
  | { type: 'suspended' }
  | { type: 'error'; message: string };

/** Counters for the UI's debug line, the tests and the bench. */
export interface TerminalStats {
  bytes: number;
  messages: number;
  snapshots: number;
  pauses: number;
}

/**
 * One session's live stream into one xterm.js: attach (snapshot, then output, tracked by
 * stream offset), input, resize and flow control. No React in here.
 */
export class TerminalConnection {
  readonly stats: TerminalStats = { bytes: 0, messages: 0, snapshots: 0, pauses: 0 };
  private subscription: { unsubscribe(): void } | null = null;
  /** Bumped on every (re)subscribe: callbacks of an older subscription are ignored. */
  private generation = 0;
  private lastEventId: string | null = null;
  private pendingBytes = 0;
  private paused = false;
  private disposed = false;
  /** Output that arrived while a snapshot waits for earlier writes to finish. */
  private held: string[] | null = null;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private sentSize = '';
  private state: TerminalState = { kind: 'connecting' };

  constructor(
    private readonly opts: {
      client: RdvClient;
      sessionId: string;
      clientId: string;
      term: Terminal;
      historyLines: number;
      onState: (state: TerminalState) => void;
    },
  ) {}

  start(): void {
    this.subscribe(Math.min(this.opts.historyLines, MAX_INITIAL_HISTORY_LINES));
  }

  dispose(): void {
    this.disposed = true;
    this.generation += 1;
    clearTimeout(this.resizeTimer);
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  /** Keystrokes and pastes, in order over the WebSocket. */
  input(data: string): void {
    if (this.state.kind !== 'live') return;
    this.opts.client.terminal.input
      .mutate({ sessionId: this.opts.sessionId, clientId: this.opts.clientId, data })
      .catch(() => undefined); // a lost connection shows as "reconnecting"; the keys are gone
  }

  /** The xterm's new size (after fit); sent once it settles. */
  resize(cols: number, rows: number): void {
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      const size = `${cols}x${rows}`;
      if (size === this.sentSize || this.disposed) return;
      this.sentSize = size;
      this.opts.client.terminal.resize
        .mutate({ sessionId: this.opts.sessionId, clientId: this.opts.clientId, cols, rows })
        .catch(() => (this.sentSize = ''));
    }, RESIZE_DEBOUNCE_MS);
  }

  private setState(state: TerminalState): void {
    this.state = state;
    this.opts.onState(state);
  }

  private subscribe(historyLines?: number): void {
    const generation = ++this.generation;
    const { term } = this.opts;
    const mine = () => generation === this.generation && !this.disposed;
    this.sentSize = `${term.cols}x${term.rows}`;
    this.subscription = this.opts.client.terminal.attach.subscribe(
      {
        sessionId: this.opts.sessionId,
        clientId: this.opts.clientId,
        cols: term.cols,
        rows: term.rows,
        ...(historyLines === undefined ? {} : { historyLines }),
        ...(this.lastEventId === null ? {} : { lastEventId: this.lastEventId }),
      },
      {
        onData: (value) => {
          if (mine()) this.handle(value);
        },
        onError: (error) => {
          if (mine()) this.setState({ kind: 'error', message: error.message });
        },
        onConnectionStateChange: (change) => {
          if (!mine()) return;
          if (change.state === 'connecting' && change.error) {
            this.setState({ kind: 'reconnecting', reason: change.error.message });
          }
        },
      },
    );
  }

  private handle(value: unknown): void {
    const { id, event } = unwrapTracked(value);
    if (id !== undefined) this.lastEventId = id;
    switch (event.type) {
      case 'snapshot':
        this.stats.snapshots += 1;
        this.snapshot(event.data);
        if (this.state.kind !== 'live') this.setState({ kind: 'live' });
        return;
      case 'output':
        this.write(event.data);
        if (this.state.kind !== 'live') this.setState({ kind: 'live' });
        return;
      case 'exit':
        this.write(
          `\r\n\x1b[2m[process exited${event.code === null ? '' : ` with code ${event.code}`}]\x1b[0m\r\n`,
        );
        this.setState({ kind: 'exited', code: event.code });
        return;
      case 'suspended':
        this.setState({ kind: 'suspended' });
        return;
      case 'error':
        this.setState({ kind: 'error', message: event.message });
        return;
    }
  }

  /**
   * Replaces the screen. `reset()` acts at once but earlier writes may still be queued in
   * xterm, so it waits for them (an empty write's callback) and holds new output meanwhile.
   */
  private snapshot(data: string): void {
    const { term } = this.opts;
    const held: string[] = [];
    this.held = held;
    term.write('', () => {
      if (this.held !== held) return; // a newer snapshot took over
      this.held = null;
      term.reset();
      this.write(data);
      for (const chunk of held) this.write(chunk);
    });
  }

  private write(data: string): void {
    this.stats.bytes += data.length;
    this.stats.messages += 1;
    if (this.held) {
      this.held.push(data);
      return;
    }
    this.pendingBytes += data.length;
    this.opts.term.write(data, () => {
      this.pendingBytes -= data.length;
      if (this.paused && this.pendingBytes <= FLOW_LOW_WATER_BYTES) this.resumeFlow();
    });
    if (!this.paused && this.pendingBytes > FLOW_HIGH_WATER_BYTES) this.pauseFlow();
  }

  private pauseFlow(): void {
    this.paused = true;
    this.stats.pauses += 1;
    this.generation += 1;
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private resumeFlow(): void {
    this.paused = false;
    if (!this.disposed) this.subscribe();
  }
}

/** `tracked()` events arrive as `{ id, data: event }`; the others as the event itself. */
function unwrapTracked(value: unknown): { id: string | undefined; event: StreamEvent } {
  const v = value as { id?: unknown; data?: unknown };
  if (typeof v.id === 'string' && v.data !== null && typeof v.data === 'object') {
    return { id: v.id, event: v.data as StreamEvent };
  }
  return { id: undefined, event: value as StreamEvent };
}
