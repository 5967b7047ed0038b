import { spawn, type IPty } from 'node-pty';
import {
  FlowControl,
  STALL_GRACE_MS,
  SUBSCRIBER_HIGH_WATER,
  SUBSCRIBER_LOW_WATER,
} from './flow-control.ts';
import { BATCH_BYTES, BATCH_MS, OutputBatcher } from './output-batcher.ts';
import { ReplayBuffer } from './replay-buffer.ts';
import { SizePolicy, checkSize, type TerminalSize } from './size-policy.ts';
import { Subscription, type SubscriptionOwner } from './subscription.ts';
import { ModeTracker } from './terminal-modes.ts';
import { PaneExitWatcher } from './exit-watcher.ts';
import type { Tmux } from './tmux.ts';

/** Recent output kept for `subscribe({ after })`. */
export const REPLAY_BUFFER_BYTES = 1024 * 1024;
/** @default history lines in `snapshot()` */
export const DEFAULT_SNAPSHOT_HISTORY_LINES = 1_000;
/** How long `open()` waits for the tmux client to show up in `list-clients`. */
export const ATTACH_TIMEOUT_MS = 5_000;
/** After the pane died, output counts as finished once the pty was quiet this long... */
const EXIT_QUIET_MS = 25;
/** ...or after this long at most. */
const EXIT_SETTLE_MAX_MS = 250;
const ATTACH_POLL_MS = 10;
/**
 * Input at least this long (a paste, not a keystroke) goes in through a tmux buffer rather than
 * the attached client's tty: tmux's key parser drops a multi-byte character split across two
 * reads when it is starved for longer than `escape-time` (measured: 1 MB of mixed UTF-8 lost
 * characters in 6 of 8 runs on a loaded 2-core machine). See `Tmux.pasteText`.
 */
export const PASTE_MIN_CHARS = 64;

export interface TerminalHubOptions {
  tmux: Tmux;
  /** The tmux session name (`Tmux.sessionName(id)`). */
  name: string;
  cols: number;
  rows: number;
  /** @default BATCH_MS */
  batchMs?: number;
  /** @default BATCH_BYTES */
  batchBytes?: number;
  /** @default REPLAY_BUFFER_BYTES */
  replayBufferBytes?: number;
  /** @default SUBSCRIBER_HIGH_WATER */
  highWater?: number;
  /** @default SUBSCRIBER_LOW_WATER */
  lowWater?: number;
  /** @default STALL_GRACE_MS */
  stallGraceMs?: number;
}

export interface SubscribeOptions {
  /** Resume after this `seq` (a chunk boundary this hub produced); omit to start live. */
  after?: number;
  /** Disposes the subscription when aborted (pass tRPC's `opts.signal`). */
  signal?: AbortSignal;
}

/** What a fresh xterm.js needs to show the session: write `data`, then output after `seq`. */
export interface TerminalSnapshot {
  seq: number;
  data: string;
  cols: number;
  rows: number;
}

export interface HubStats {
  seq: number;
  paused: boolean;
  exited: boolean;
  /** Output read from the pty, not yet batched. */
  pendingBytes: number;
  replayBytes: number;
  /** pending + replay + every subscriber queue (queues share strings with the replay buffer). */
  bufferedBytes: number;
  pauses: number;
  lags: number;
  subscribers: Array<{ id: number; queuedBytes: number; lagging: boolean }>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One live tmux session fanned out to many subscribers: ONE `tmux attach` client in a pty,
 * batched into seq-numbered chunks, a replay buffer for resumption, bounded per-subscriber
 * queues with backpressure to the pty, and exit detection through a tmux `pane-died` hook.
 */
export class TerminalHub implements SubscriptionOwner {
  readonly name: string;
  private readonly tmux: Tmux;
  private readonly pty: IPty;
  private readonly batcher: OutputBatcher;
  private readonly replay: ReplayBuffer;
  private readonly flow: FlowControl;
  private readonly modes = new ModeTracker();
  private readonly sizes: SizePolicy;
  private readonly subscribers = new Set<Subscription>();
  private readonly exitListeners = new Set<(code: number | null) => void>();
  private readonly exitWatcher: PaneExitWatcher;
  private seq = 0;
  private nextId = 0;
  private lastDataAt = 0;
  private clientTty: string | undefined;
  /** Input waiting behind a paste, so that input stays in order. */
  private inputQueue: Promise<void> = Promise.resolve();
  private queuedInputs = 0;
  private disposed = false;
  /** Set once the session's end was detected; resolves when the exit event went out. */
  private finishing: Promise<void> | undefined;
  private exitCode: number | null | undefined;

  /** Attaches to an existing session; resolves once tmux lists the client. */
  static async open(options: TerminalHubOptions): Promise<TerminalHub> {
    if (!(await options.tmux.hasSession(options.name))) {
      throw new Error(`tmux session not found: ${options.name}`);
    }
    await options.tmux.ensureExitHook(options.name);
    const hub = new TerminalHub(options);
    try {
      await hub.waitUntilAttached();
    } catch (error) {
      hub.dispose();
      throw error;
    }
    return hub;
  }

  private constructor(options: TerminalHubOptions) {
    this.name = options.name;
    this.tmux = options.tmux;
    this.batcher = new OutputBatcher({
      batchMs: options.batchMs ?? BATCH_MS,
      batchBytes: options.batchBytes ?? BATCH_BYTES,
      emit: (data) => this.emit(data),
    });
    this.replay = new ReplayBuffer(options.replayBufferBytes ?? REPLAY_BUFFER_BYTES);
    this.sizes = new SizePolicy({ cols: checkSize(options.cols), rows: checkSize(options.rows) });
    const { file, args, env } = this.tmux.attachArgs(this.name);
    this.pty = spawn(file, args, {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: '/',
      env: { ...env, TERM: 'xterm-256color' },
    });
    this.flow = new FlowControl(
      {
        highWater: options.highWater ?? SUBSCRIBER_HIGH_WATER,
        lowWater: options.lowWater ?? SUBSCRIBER_LOW_WATER,
        stallGraceMs: options.stallGraceMs ?? STALL_GRACE_MS,
        pause: () => this.pty.pause(),
        resume: () => this.pty.resume(),
      },
      () => this.subscribers,
    );
    this.pty.onData((data) => this.onData(data));
    this.pty.onExit(() => void this.onPtyExit());
    this.exitWatcher = new PaneExitWatcher(this.tmux, this.name, (code) => {
      void this.finish(code, true);
    });
  }

  /** Current stream offset: the `seq` of the last chunk produced. */
  get currentSeq(): number {
    return this.seq;
  }

  get size(): TerminalSize {
    return this.sizes.current;
  }

  /** The exit status once the session ended (null = unknown), undefined while running. */
  get exited(): number | null | undefined {
    return this.exitCode;
  }

  /**
   * Subscribes to output. With `after`, the chunks after it are replayed if still buffered;
   * otherwise `needsSnapshot` is set and output starts live. A new client, gap-free either way:
   *  - `sub = hub.subscribe(); snap = await hub.snapshot()`, then skip output with
   *    `seq <= snap.seq`; or
   *  - `snap = await hub.snapshot(); sub = hub.subscribe({ after: snap.seq })`.
   */
  subscribe({ after, signal }: SubscribeOptions = {}): Subscription {
    const backlog = after === undefined ? [] : this.replay.after(after);
    const subscription = new Subscription(this, ++this.nextId, backlog === undefined);
    for (const chunk of backlog ?? [])
      subscription.push({ type: 'output', seq: chunk.seq, data: chunk.data });
    if (this.exitCode !== undefined) {
      subscription.push({ type: 'exit', code: this.exitCode });
      subscription.close(true);
      return subscription;
    }
    if (this.disposed) {
      subscription.close(true);
      return subscription;
    }
    this.subscribers.add(subscription);
    if (signal?.aborted) subscription.dispose();
    else signal?.addEventListener('abort', () => subscription.dispose(), { once: true });
    this.flow.update();
    return subscription;
  }

  /**
   * Input to the session, in order, any size; `clientId` also marks that client active.
   * Keystrokes go straight to the pty; pastes (PASTE_MIN_CHARS or more) through a tmux buffer,
   * and whatever follows a paste waits for it.
   */
  write(data: string, clientId?: string): void {
    if (!this.running) return;
    if (clientId !== undefined) this.noteActivity(clientId);
    if (data === '') return;
    if (data.length < PASTE_MIN_CHARS && this.queuedInputs === 0) {
      this.pty.write(data);
      return;
    }
    this.queuedInputs++;
    this.inputQueue = this.inputQueue
      .then(async () => {
        if (!this.running) return;
        if (data.length < PASTE_MIN_CHARS) this.pty.write(data);
        else await this.tmux.pasteText(this.name, data);
      })
      .catch(() => undefined) // the session is gone: its exit is reported on the stream
      .finally(() => this.queuedInputs--);
  }

  /** A client's terminal size; applied only if that client is in charge (see SizePolicy). */
  resize(cols: number, rows: number, clientId: string): void {
    this.applySize(this.sizes.resize(clientId, { cols: checkSize(cols), rows: checkSize(rows) }));
  }

  /** A client sent input: it takes charge of the size. */
  noteActivity(clientId: string): void {
    this.applySize(this.sizes.noteActivity(clientId));
  }

  /** A client went away; the size falls back to the next client in charge. */
  forgetClient(clientId: string): void {
    this.applySize(this.sizes.forget(clientId));
  }

  private applySize(size: TerminalSize | undefined): void {
    if (size && this.running) this.pty.resize(size.cols, size.rows);
  }

  /** Makes tmux repaint the full screen into the stream (absolute positioning, every cell). */
  async requestRedraw(): Promise<void> {
    if (!this.running || !this.clientTty) return;
    await this.tmux.refreshClient(this.clientTty);
  }

  /**
   * History and screen for a fresh terminal, consistent with the stream after `seq`:
   *  1. flush pending output, so `seq` is a chunk boundary; note the modes tmux set so far;
   *  2. ONE tmux invocation: `capture-pane -e` (history + screen), `display` (cursor), and
   *     `refresh-client` for our client. tmux runs the three atomically, and from then on sends
   *     our client nothing but the full redraw until it is done;
   *  3. data = reset + captured lines + modes + cursor position.
   * The redraw in the stream after `seq` repaints the screen absolutely, so the screen is exact.
   * Output tmux had already sent before step 2 but we had not read is replayed on top; it is
   * overwritten by the redraw, but if it scrolled, a few lines may repeat in the scrollback.
   * Exact when the pane is quiet; on a busy pane only the seam in the scrollback can be off.
   */
  async snapshot({
    historyLines = DEFAULT_SNAPSHOT_HISTORY_LINES,
  }: { historyLines?: number } = {}): Promise<TerminalSnapshot> {
    this.batcher.flush();
    const seq = this.seq;
    const modes = this.modes.restoreSequence();
    const tty = this.running ? this.clientTty : undefined;
    const { lines, info } = await this.tmux.captureForReplay(this.name, historyLines, tty);
    const cursor = `\x1b[${info.cursorY + 1};${info.cursorX + 1}H`;
    const data = `\x1bc${lines.join('\r\n')}\x1b[0m${modes}${cursor}`;
    return { seq, data, cols: info.width, rows: info.height };
  }

  /** Called once with the exit status when the session's process ends; returns a disposable. */
  onExit(listener: (code: number | null) => void): { dispose(): void } {
    if (this.exitCode !== undefined) queueMicrotask(() => listener(this.exitCode ?? null));
    else this.exitListeners.add(listener);
    return { dispose: () => this.exitListeners.delete(listener) };
  }

  stats(): HubStats {
    const subscribers = [...this.subscribers].map((s) => ({
      id: s.id,
      queuedBytes: s.queuedBytes,
      lagging: s.lagging,
    }));
    const queued = subscribers.reduce((sum, s) => sum + s.queuedBytes, 0);
    return {
      seq: this.seq,
      paused: this.flow.isPaused,
      exited: this.exitCode !== undefined,
      pendingBytes: this.batcher.pendingBytes,
      replayBytes: this.replay.byteLength,
      bufferedBytes: this.batcher.pendingBytes + this.replay.byteLength + queued,
      ...this.flow.counters,
      subscribers,
    };
  }

  /** Detaches (kills the tmux client, NOT the session) and ends every subscription. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stop();
    for (const subscription of this.subscribers) subscription.close(false);
    this.subscribers.clear();
    this.exitListeners.clear();
  }

  /** @internal SubscriptionOwner */
  onDrained(): void {
    if (this.flow.isPaused) this.flow.update();
  }

  /** @internal SubscriptionOwner */
  onDisposed(subscription: Subscription): void {
    if (this.subscribers.delete(subscription)) this.flow.update();
  }

  /** Neither ended nor ending: input, resizes and redraws still make sense. */
  private get running(): boolean {
    return !this.disposed && !this.finishing;
  }

  private onData(data: string): void {
    if (this.disposed || this.exitCode !== undefined) return;
    this.lastDataAt = Date.now();
    this.batcher.push(data);
  }

  private emit(data: string): void {
    this.seq += data.length;
    const chunk = { seq: this.seq, data };
    this.modes.feed(data);
    this.replay.push(chunk);
    for (const subscription of this.subscribers) {
      if (subscription.acceptsOutput) subscription.push({ type: 'output', seq: chunk.seq, data });
    }
    this.flow.update();
  }

  private async waitUntilAttached(): Promise<void> {
    const deadline = Date.now() + ATTACH_TIMEOUT_MS;
    while (!this.clientTty) {
      if (this.disposed) throw new Error(`hub for ${this.name} disposed while attaching`);
      if (this.finishing) return; // the pane died or the client ended; subscribers get the exit
      if (Date.now() > deadline) throw new Error(`tmux client for ${this.name} did not attach`);
      const clients = await this.tmux.listClients(this.name).catch(() => []);
      this.clientTty = clients.find((client) => client.pid === this.pty.pid)?.tty;
      if (!this.clientTty) await sleep(ATTACH_POLL_MS);
    }
    const info = await this.tmux.paneInfo(this.name).catch(() => undefined);
    if (!this.running) return;
    this.exitWatcher.start(info?.serverPid ?? null);
    if (info?.dead) {
      await this.exitWatcher.reportDead(info.deadStatus);
      await this.finishing;
    }
  }

  private async onPtyExit(): Promise<void> {
    if (!this.running) return;
    // Our client ended: the session was killed, the server died, or someone detached us.
    const info = await this.tmux.paneInfo(this.name).catch(() => undefined);
    await this.finish(info?.dead ? info.deadStatus : null, false);
  }

  /** Delivers the remaining output and the exit event, then ends every subscription. */
  private finish(code: number | null, settle: boolean): Promise<void> {
    if (!this.finishing) {
      const settled = settle ? this.settleOutput() : Promise.resolve();
      this.finishing = settled.then(() => this.deliverExit(code));
    }
    return this.finishing;
  }

  private deliverExit(code: number | null): void {
    if (this.disposed) return;
    this.batcher.flush(true);
    this.exitCode = code;
    this.stop();
    for (const subscription of this.subscribers) {
      subscription.push({ type: 'exit', code });
      subscription.close(true);
    }
    this.subscribers.clear();
    for (const listener of this.exitListeners) listener(code);
    this.exitListeners.clear();
  }

  /** The pane is dead, but tmux may still be drawing its last output to our client. */
  private async settleOutput(): Promise<void> {
    const start = Date.now();
    await sleep(EXIT_QUIET_MS);
    while (
      Date.now() - this.lastDataAt < EXIT_QUIET_MS &&
      Date.now() - start < EXIT_SETTLE_MAX_MS
    ) {
      await sleep(EXIT_QUIET_MS / 2);
    }
  }

  private stop(): void {
    this.batcher.dispose();
    this.flow.dispose();
    this.exitWatcher.dispose();
    try {
      this.pty.kill();
    } catch {
      // already gone
    }
  }
}
