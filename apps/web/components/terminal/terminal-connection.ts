import type { Terminal } from '@xterm/xterm';
import type { TerminalStreamEvent } from '@rdv/contract';
import { InputPump } from '@rdv/client/input-pump';
import type { TerminalChannel } from '@rdv/client/terminal-channel';

/** What the connection needs of its terminal channel (a fake in unit tests). */
export type TerminalTransport = Pick<TerminalChannel, 'attach' | 'input' | 'resize'>;

/**
 * xterm.js flow control (its own guide, and TERMINAL.md): every write carries a callback; when
 * more than HIGH bytes are parsed-but-not-yet-rendered, stop consuming (unsubscribe: the daemon
 * then stops sending), and resume below LOW from where we stopped (`lastEventId`: the exact
 * missed bytes, or a fresh snapshot if they are no longer buffered). So `yes` never buries the
 * tab and Ctrl-C's prompt shows up within one small backlog.
 */
export const FLOW_HIGH_WATER_BYTES = 256 * 1024;
export const FLOW_LOW_WATER_BYTES = 32 * 1024;
/** Lines of history in the first snapshot: all of tmux's default history-limit (a resume after a pause uses the daemon's default). */
export const MAX_INITIAL_HISTORY_LINES = 10_000;
/** Keys held while the connection is down (or not yet acknowledged), at most this many UTF-16 units. */
export const MAX_QUEUED_INPUT = 64 * 1024;
/**
 * `terminal.input` calls in flight at once; keys typed meanwhile are coalesced into the next.
 * One: the daemon applies a client's numbered input in the order the numbers arrive (a lower
 * number after a higher one counts as already applied), so only one call in flight keeps the
 * order whatever the links in between do; a burst costs one round trip, not one per key.
 */
export const MAX_INPUTS_IN_FLIGHT = 1;
/** Window resizes settle before the daemon hears of them. */
export const RESIZE_DEBOUNCE_MS = 80;
/**
 * A key the daemon has not acknowledged after this long means the connection is not really
 * live (a half-open socket, a wedged subscription): say so and start over.
 */
export const INPUT_ACK_TIMEOUT_MS = 3_000;
/**
 * A (re)subscription that has not said where it stands after this long is started again; the
 * wait doubles after each restart (up to the maximum) so a slow daemon is not asked over and
 * over, and resets once the stream is live.
 */
export const RESUBSCRIBE_AFTER_MS = 4_000;
export const MAX_RESUBSCRIBE_AFTER_MS = 32_000;
/** How often the two timeouts above are checked. */
export const WATCHDOG_INTERVAL_MS = 500;

export type TerminalState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; reason: string }
  | { kind: 'exited'; code: number | null }
  | { kind: 'suspended' }
  | { kind: 'error'; message: string };

/** Counters for the UI's debug line, the tests and the bench. */
export interface TerminalStats {
  bytes: number;
  messages: number;
  snapshots: number;
  resumes: number;
  pauses: number;
  /** Input chunks the daemon acknowledged / times keys were dropped because the queue overflowed. */
  inputsAcked: number;
  inputsDropped: number;
  /** Subscriptions started again by the watchdog. */
  restarts: number;
}

/** Counters; the input ones are the pump's (getters, so a registered stats object stays current). */
function newStats(inputs: () => InputPump): TerminalStats {
  return {
    bytes: 0,
    messages: 0,
    snapshots: 0,
    resumes: 0,
    pauses: 0,
    get inputsAcked() {
      return inputs().stats.acked;
    },
    get inputsDropped() {
      return inputs().stats.dropped;
    },
    restarts: 0,
  };
}

/**
 * One session's live stream into one xterm.js: attach (snapshot or resume, then output, tracked
 * by stream offset), input that is delivered exactly once and in order across reconnects, the
 * pane's size, and flow control. "live" means the daemon has answered this subscription; keys
 * typed at any other time wait in a bounded queue. No React in here.
 */
export class TerminalConnection {
  readonly stats: TerminalStats = newStats(() => this.inputs);
  private subscription: { unsubscribe(): void } | null = null;
  /** Bumped on every (re)subscribe: callbacks of an older subscription are ignored. */
  private generation = 0;
  private subscribedAt = 0;
  /** The current wait before a restart (RESUBSCRIBE_AFTER_MS, doubled per restart). */
  private restartAfter = RESUBSCRIBE_AFTER_MS;
  private lastEventId: string | null = null;
  private pendingBytes = 0;
  private paused = false;
  private disposed = false;
  /** Output and resizes that arrived while a snapshot waits for earlier writes to finish. */
  private held: Array<() => void> | null = null;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private desired: { cols: number; rows: number } | null = null;
  private sentSize = '';
  private state: TerminalState = { kind: 'connecting' };
  /** Numbered, in order, resent after a reconnect: the daemon applies each chunk once. */
  private readonly inputs: InputPump;

  constructor(
    private readonly opts: {
      /** This terminal's own channel to the daemon (one socket per terminal). */
      channel: TerminalTransport;
      sessionId: string;
      clientId: string;
      term: Terminal;
      historyLines: number;
      onState: (state: TerminalState) => void;
      /** Something the user should know that is not a state (keys that were not sent). */
      onNotice?: (message: string) => void;
      now?: () => number;
    },
  ) {
    this.inputs = new InputPump({
      send: ({ seq, data }) => opts.channel.input({ data, inputSeq: seq }),
      maxInFlight: MAX_INPUTS_IN_FLIGHT,
      maxQueued: MAX_QUEUED_INPUT,
      // Keys wait until the stream is live (see goLive).
      online: false,
      now: () => this.now(),
    });
  }

  start(): void {
    this.subscribe(Math.min(this.opts.historyLines, MAX_INITIAL_HISTORY_LINES));
    this.watchdog = setInterval(() => this.checkHealth(), WATCHDOG_INTERVAL_MS);
  }

  dispose(): void {
    this.disposed = true;
    this.generation += 1;
    clearTimeout(this.resizeTimer);
    clearInterval(this.watchdog);
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  /** The size this tab's box can show (what it asks the daemon for), once measured. */
  get desiredSize(): { cols: number; rows: number } | null {
    return this.desired;
  }

  get isLive(): boolean {
    return this.state.kind === 'live';
  }

  /** Keystrokes and pastes: sent now when live, else queued and sent once the stream resumes. */
  input(data: string): void {
    if (this.disposed || this.state.kind === 'exited' || this.state.kind === 'error') return;
    if (!this.inputs.push(data)) {
      this.opts.onNotice?.('Too much was typed while disconnected: those keys were not sent.');
    }
  }

  /** The size this tab's box can show (after fit); sent once it settles. */
  resize(cols: number, rows: number): void {
    this.desired = { cols, rows };
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => this.sendSize(false), RESIZE_DEBOUNCE_MS);
  }

  /** This device takes charge of the size now ("fit to this device", a touch, a focus). */
  claimSize(): void {
    clearTimeout(this.resizeTimer);
    this.sendSize(true);
  }

  private sendSize(claim: boolean): void {
    const desired = this.desired;
    if (!desired || this.disposed) return;
    const size = `${desired.cols}x${desired.rows}`;
    if (size === this.sentSize && !claim) return;
    this.sentSize = size;
    this.opts.channel.resize({ ...desired, ...(claim ? { claim } : {}) }).catch(() => (this.sentSize = ''));
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private setState(state: TerminalState): void {
    this.state = state;
    // Keys typed while not live wait in the pump; unacknowledged ones go again on goLive.
    if (state.kind !== 'live') this.inputs.pause();
    this.opts.onState(state);
  }

  /** Catches what reconnect logic cannot see: a socket that is open but no longer answers. */
  private checkHealth(): void {
    if (this.disposed || this.paused) return;
    const now = this.now();
    const kind = this.state.kind;
    const sent = this.inputs.oldestSentAt();
    const backoff = this.restartAfter / RESUBSCRIBE_AFTER_MS;
    if (kind === 'live' && sent !== undefined && now - sent > INPUT_ACK_TIMEOUT_MS * backoff) {
      this.setState({ kind: 'reconnecting', reason: 'keys were not acknowledged' });
      this.restart();
    } else if (
      (kind === 'connecting' || kind === 'reconnecting') &&
      now - this.subscribedAt > this.restartAfter
    ) {
      this.restart();
    }
  }

  private restart(): void {
    this.stats.restarts += 1;
    this.restartAfter = Math.min(this.restartAfter * 2, MAX_RESUBSCRIBE_AFTER_MS);
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.subscribe();
  }

  private subscribe(historyLines?: number): void {
    const generation = ++this.generation;
    this.subscribedAt = this.now();
    const { term } = this.opts;
    const mine = () => generation === this.generation && !this.disposed;
    const size = this.desired ?? { cols: term.cols, rows: term.rows };
    this.sentSize = `${size.cols}x${size.rows}`;
    this.subscription = this.opts.channel.attach(
      {
        sessionId: this.opts.sessionId,
        clientId: this.opts.clientId,
        ...size,
        ...(historyLines === undefined ? {} : { historyLines }),
        ...(this.lastEventId === null ? {} : { lastEventId: this.lastEventId }),
      },
      {
        onData: (item) => {
          if (mine()) this.handle(item);
        },
        onError: (error) => {
          if (mine()) this.setState({ kind: 'error', message: error.message });
        },
        onConnectionStateChange: (change) => {
          if (!mine()) return;
          if (change.state === 'connecting' && change.error) {
            // Reconnecting: the channel asks again with the last event id once the socket is
            // back; the daemon answers with `resume` or a snapshot.
            this.subscribedAt = this.now();
            this.setState({ kind: 'reconnecting', reason: change.error.message });
          }
        },
      },
    );
  }

  private handle({ id, event }: { id?: string; event: TerminalStreamEvent }): void {
    if (id !== undefined) this.lastEventId = id;
    switch (event.type) {
      case 'snapshot':
        this.stats.snapshots += 1;
        this.snapshot(event.data, event.cols, event.rows);
        this.goLive();
        return;
      case 'resume':
        this.stats.resumes += 1;
        this.resizeTerm(event.cols, event.rows);
        this.goLive();
        return;
      case 'output':
        this.write(event.data);
        return;
      case 'size':
        this.resizeTerm(event.cols, event.rows);
        return;
      case 'exit':
        this.write(
          `\r\n\x1b[2m[process exited${event.code === null ? '' : ` with code ${event.code}`}]\x1b[0m\r\n`,
        );
        this.inputs.clear();
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

  /** The daemon answered: keys typed meanwhile (and any not acknowledged) go now, in order, with their numbers. */
  private goLive(): void {
    this.restartAfter = RESUBSCRIBE_AFTER_MS;
    if (this.state.kind !== 'live') this.setState({ kind: 'live' });
    this.inputs.resume();
  }

  /**
   * The stream is the pane's own bytes, drawn at the pane's size: the terminal takes that size
   * once everything written before has been parsed (output before a resize was drawn at the
   * old size).
   */
  private resizeTerm(cols: number, rows: number): void {
    const { term } = this.opts;
    const apply = () => {
      if (!this.disposed && (term.cols !== cols || term.rows !== rows)) term.resize(cols, rows);
    };
    if (this.held) this.held.push(() => term.write('', apply));
    else term.write('', apply);
  }

  /**
   * Replaces the screen. `reset()` acts at once but earlier writes may still be queued in
   * xterm, so it waits for them (an empty write's callback) and holds new output meanwhile.
   */
  private snapshot(data: string, cols: number, rows: number): void {
    const { term } = this.opts;
    const held: Array<() => void> = [];
    this.held = held;
    term.write('', () => {
      if (this.held !== held) return; // a newer snapshot took over
      this.held = null;
      term.reset();
      if (term.cols !== cols || term.rows !== rows) term.resize(cols, rows);
      this.write(data);
      for (const action of held) action();
    });
  }

  private write(data: string): void {
    if (this.held) {
      this.held.push(() => this.write(data));
      return;
    }
    this.stats.bytes += data.length;
    this.stats.messages += 1;
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
