import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { ControlClient } from './control-client.ts';
import type { ControlMessage } from './control-protocol.ts';
import { PaneExitWatcher } from './exit-watcher.ts';
import {
  FlowControl,
  STALL_GRACE_MS,
  SUBSCRIBER_HIGH_WATER,
  SUBSCRIBER_LOW_WATER,
} from './flow-control.ts';
import {
  FLOOD_BYTES,
  FLOOD_PREVIEW_MS,
  FLOOD_RECHECK_GRACE_MS,
  FLOOD_RECHECK_MAX_MS,
  FLOOD_RECHECK_MS,
  FLOOD_SUSTAINED_BYTES,
  FLOOD_SUSTAINED_WINDOW_MS,
  FLOOD_WINDOW_MS,
  FloodDetector,
} from './flood-gate.ts';
import { InputDeduplicator } from './input-dedup.ts';
import { PaneInput } from './pane-input.ts';
import { withTimeout } from './with-timeout.ts';
import { BATCH_BYTES, BATCH_MS, OutputBatcher } from './output-batcher.ts';
import { ReplayBuffer } from './replay-buffer.ts';
import {
  buildSnapshot,
  parseSnapshotInfo,
  SNAPSHOT_INFO_FORMAT,
  snapshotCommands,
} from './screen-snapshot.ts';
import { SizePolicy, checkSize, type TerminalSize } from './size-policy.ts';
import { Subscription, type SubscriptionOwner } from './subscription.ts';
import { ModeTracker } from './terminal-modes.ts';
import { paneTarget, sessionTarget } from './tmux-args.ts';
import type { Tmux } from './tmux-servers.ts';

/** Recent output kept for `subscribe({ after })`. */
export const REPLAY_BUFFER_BYTES = 1024 * 1024;
/** @default history lines in `snapshot()` */
export const DEFAULT_SNAPSHOT_HISTORY_LINES = 1_000;
/** How long `open()` waits for the control client's first answer. */
export const ATTACH_TIMEOUT_MS = 5_000;
/**
 * tmux pauses our view of the pane when its output has waited this long for us (seconds,
 * `refresh-client -f pause-after`): a daemon that stalls never holds an agent up for longer.
 * Subscribers are then resynchronised with a snapshot.
 */
export const PAUSE_AFTER_SECONDS = 2;
/** How long the final snapshot of a dead pane may take before the exit is reported without it. */
const EXIT_SNAPSHOT_MAX_MS = 2_000;

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
  /** History lines in the final snapshot sent when the pane dies. @default DEFAULT_SNAPSHOT_HISTORY_LINES */
  exitHistoryLines?: number;
  /**
   * Output above this many bytes within FLOOD_WINDOW_MS is a flood (see flood-gate.ts);
   * `Infinity` streams every byte whatever the rate. @default FLOOD_BYTES
   */
  floodBytes?: number;
  /** @default FLOOD_PREVIEW_MS */
  floodPreviewMs?: number;
  /** @default FLOOD_RECHECK_MS */
  floodRecheckMs?: number;
}

export interface SubscribeOptions {
  /** Resume after this `seq` (a chunk boundary this hub produced); omit to start live. */
  after?: number;
  /** Disposes the subscription when aborted (pass tRPC's `opts.signal`). */
  signal?: AbortSignal;
}

/** What a fresh terminal needs to show the session: resize to cols x rows, write `data`, then output after `seq`. */
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
  /** Output read from tmux, not yet batched. */
  pendingBytes: number;
  replayBytes: number;
  /** pending + replay + every subscriber queue (queues share strings with the replay buffer). */
  bufferedBytes: number;
  pauses: number;
  lags: number;
  /** Times tmux paused our view of the pane (`%pause`): we fell more than PAUSE_AFTER_SECONDS behind. */
  tmuxPauses: number;
  /** Floods: times the hub stopped taking the stream and showed the screen instead. */
  floods: number;
  /** A flood is going on now. */
  flooding: boolean;
  subscribers: Array<{ id: number; queuedBytes: number; lagging: boolean }>;
}

/**
 * One live tmux session fanned out to many subscribers, through ONE tmux control-mode client
 * (`tmux -C`): the pane's own bytes (not a redrawn screen), so a terminal that shows the stream
 * holds the program's real output and history. Output is batched into seq-numbered chunks with a
 * replay buffer for resumption, bounded per-subscriber queues with backpressure to tmux, exact
 * snapshots (tmux runs the capture at a known point of the stream), input and resizes as
 * commands on the same client (no process spawned per keystroke), and exit detection through a
 * tmux `pane-died` hook.
 */
export class TerminalHub implements SubscriptionOwner {
  readonly name: string;
  /**
   * Random per hub: stream ids are `<epoch>:<seq>` (@rdv/contract), and a hub's seq starts at
   * 0, so an id from an earlier hub of the same session never resumes at the wrong bytes.
   */
  readonly epoch = randomBytes(4).toString('hex');
  private readonly tmux: Tmux;
  private readonly control: ControlClient;
  private readonly decoder = new StringDecoder('utf8');
  private readonly batcher: OutputBatcher;
  private readonly replay: ReplayBuffer;
  private readonly flow: FlowControl;
  private readonly modes = new ModeTracker();
  private readonly sizes: SizePolicy;
  private readonly inputs = new InputDeduplicator();
  private readonly subscribers = new Set<Subscription>();
  private readonly exitListeners = new Set<(code: number | null) => void>();
  private readonly exitWatcher: PaneExitWatcher;
  private readonly exitHistoryLines: number;
  /** `%<n>`: the pane rdv's session runs in (output of any other pane is ignored). */
  private paneId = '';
  /** Quoted input commands for that pane, once it is known. */
  private input: PaneInput | undefined;
  private paneSize: TerminalSize;
  /**
   * The stream offset of the last break (the pane changed size, or a flood skipped output): a
   * resume from at or before it needs a snapshot.
   */
  private streamBrokenAt = 0;
  /** Bursts (FLOOD_BYTES per FLOOD_WINDOW_MS) and sustained output (FLOOD_SUSTAINED_*). */
  private readonly floodDetectors: FloodDetector[];
  private readonly floodEnabled: boolean;
  private readonly lowWater: number;
  private readonly floodPreviewMs: number;
  private readonly floodRecheckMs: number;
  /** Set while a flood lasts: tmux holds our view of the pane paused, previews go out. */
  private flood:
    { since: number; recheckMs: number; timer?: NodeJS.Timeout; lastPreview?: string } | undefined;
  private floods = 0;
  /** When the last flood ended by a recheck (output may have gone on), and its recheck interval. */
  private lastRecheck = { at: Number.NEGATIVE_INFINITY, ms: 0 };
  /** Right after a recheck, a quarter of FLOOD_BYTES in a window says the flood goes on. */
  private readonly recheckDetector: FloodDetector;
  /** Snapshots asked for and not yet begun, by history lines: concurrent askers share one. */
  private readonly pendingSnapshots = new Map<number, Promise<TerminalSnapshot>>();
  private readonly sizeWaiters = new Set<{ size: TerminalSize; done: () => void }>();
  private seq = 0;
  private nextId = 0;
  private tmuxPauses = 0;
  private disposed = false;
  /** Set once the session's end was detected; resolves when the exit event went out. */
  private finishing: Promise<void> | undefined;
  private exitCode: number | null | undefined;

  /** Attaches to an existing session; resolves once the control client answered. */
  static async open(options: TerminalHubOptions): Promise<TerminalHub> {
    if (!(await options.tmux.hasSession(options.name))) {
      throw new Error(`tmux session not found: ${options.name}`);
    }
    await options.tmux.ensureExitHook(options.name);
    const hub = new TerminalHub(options, await options.tmux.controlArgs(options.name));
    try {
      await hub.start();
    } catch (error) {
      hub.dispose();
      throw error;
    }
    return hub;
  }

  private constructor(
    options: TerminalHubOptions,
    /** How to start a control client on the session's tmux server. */
    { bin, globalArgs, env }: { bin: string; globalArgs: readonly string[]; env: NodeJS.ProcessEnv },
  ) {
    this.name = options.name;
    this.tmux = options.tmux;
    this.batcher = new OutputBatcher({
      batchMs: options.batchMs ?? BATCH_MS,
      batchBytes: options.batchBytes ?? BATCH_BYTES,
      emit: (data) => this.emit(data),
    });
    this.replay = new ReplayBuffer(options.replayBufferBytes ?? REPLAY_BUFFER_BYTES);
    this.exitHistoryLines = options.exitHistoryLines ?? DEFAULT_SNAPSHOT_HISTORY_LINES;
    const floodBytes = options.floodBytes ?? FLOOD_BYTES;
    this.floodEnabled = floodBytes !== Number.POSITIVE_INFINITY;
    this.floodDetectors = [
      new FloodDetector(floodBytes, FLOOD_WINDOW_MS),
      // Scaled with floodBytes, so a test's low threshold lowers both.
      new FloodDetector(
        (floodBytes * FLOOD_SUSTAINED_BYTES) / FLOOD_BYTES,
        FLOOD_SUSTAINED_WINDOW_MS,
      ),
    ];
    this.recheckDetector = new FloodDetector(floodBytes / 4, FLOOD_WINDOW_MS);
    this.floodPreviewMs = options.floodPreviewMs ?? FLOOD_PREVIEW_MS;
    this.lowWater = options.lowWater ?? SUBSCRIBER_LOW_WATER;
    this.floodRecheckMs = options.floodRecheckMs ?? FLOOD_RECHECK_MS;
    this.paneSize = { cols: checkSize(options.cols), rows: checkSize(options.rows) };
    this.sizes = new SizePolicy(this.paneSize);
    this.control = new ControlClient({
      bin,
      globalArgs,
      env,
      target: sessionTarget(this.name),
      onMessage: (message) => this.onControlMessage(message),
      onClose: () => void this.onControlClosed(),
    });
    this.flow = new FlowControl(
      {
        highWater: options.highWater ?? SUBSCRIBER_HIGH_WATER,
        lowWater: this.lowWater,
        stallGraceMs: options.stallGraceMs ?? STALL_GRACE_MS,
        pause: () => {
          this.control.pauseReading();
          // When none of them keeps up, it is a flood for them whatever the rate (one stalled
          // subscriber among others that keep up is cut loose instead: see FlowControl).
          if (this.everyoneBehind()) this.startFlood();
        },
        resume: () => this.control.resumeReading(),
      },
      () => this.subscribers,
    );
    this.exitWatcher = new PaneExitWatcher(this.tmux, this.name, (code) => {
      void this.finish(code, true);
    });
  }

  /** Current stream offset: the `seq` of the last chunk produced. */
  get currentSeq(): number {
    return this.seq;
  }

  /** The pane's size as tmux last reported it. */
  get size(): TerminalSize {
    return this.paneSize;
  }

  /** The exit status once the session ended (null = unknown), undefined while running. */
  get exited(): number | null | undefined {
    return this.exitCode;
  }

  /**
   * Subscribes to output. With `after`, the chunks after it are replayed if still buffered (and
   * the pane kept its size since); otherwise `needsSnapshot` is set and output starts live. A
   * new client, gap-free either way:
   *  - `sub = hub.subscribe(); snap = await hub.snapshot()`, then skip output with
   *    `seq <= snap.seq`; or
   *  - `snap = await hub.snapshot(); sub = hub.subscribe({ after: snap.seq })`.
   */
  subscribe({ after, signal }: SubscribeOptions = {}): Subscription {
    const backlog =
      after === undefined || after <= this.streamBrokenAt ? undefined : this.replay.after(after);
    const subscription = new Subscription(
      this,
      ++this.nextId,
      after !== undefined && backlog === undefined,
    );
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
   * Input to the session, in order, any size; resolves once tmux has handed it to the pane.
   * `clientId` also marks that client active. With `inputSeq` (increasing per client), input
   * already applied is skipped, so a client may resend what it is unsure about after a
   * reconnect without typing anything twice.
   */
  async write(data: string, clientId?: string, inputSeq?: number): Promise<void> {
    if (!this.running) return;
    if (clientId !== undefined) {
      if (inputSeq !== undefined && !this.inputs.accept(clientId, inputSeq)) return;
      this.noteActivity(clientId);
    }
    if (data === '' || !this.input) return;
    await Promise.all(this.input.lines(data).map((line) => this.control.raw(line)));
  }

  /**
   * A client's terminal size; applied only if that client is in charge (see SizePolicy).
   * Returns the size being applied, if any (see `waitForSize`).
   */
  resize(cols: number, rows: number, clientId: string): TerminalSize | undefined {
    const size = this.sizes.resize(clientId, { cols: checkSize(cols), rows: checkSize(rows) });
    this.applySize(size);
    return size;
  }

  /** A client sent input (or asked for the size): it takes charge of the size. */
  noteActivity(clientId: string): TerminalSize | undefined {
    const size = this.sizes.noteActivity(clientId);
    this.applySize(size);
    return size;
  }

  /** A client went away; the size falls back to the next client in charge. */
  forgetClient(clientId: string): void {
    this.applySize(this.sizes.forget(clientId));
    this.inputs.forget(clientId);
  }

  /**
   * Resolves once tmux reports the pane at `size` (its `%layout-change`), or after `timeoutMs`:
   * resizes apply asynchronously.
   */
  waitForSize(size: TerminalSize, timeoutMs: number): Promise<void> {
    if (!this.running || sameSize(this.paneSize, size)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sizeWaiters.delete(waiter);
        resolve();
      };
      const waiter = { size, done };
      const timer = setTimeout(done, timeoutMs);
      this.sizeWaiters.add(waiter);
    });
  }

  private applySize(size: TerminalSize | undefined): void {
    if (!size || !this.running) return;
    this.control
      .command([['refresh-client', '-C', `${size.cols}x${size.rows}`]])
      .catch(() => undefined);
  }

  /**
   * History and screen for a fresh terminal, exact at stream offset `seq`: tmux runs the capture
   * commands as one line, and everything the pane wrote before they ran reaches us before their
   * reply starts (tmux keeps output and replies in one ordered queue per client), so `seq` is
   * taken when the reply begins.
   */
  snapshot({
    historyLines = DEFAULT_SNAPSHOT_HISTORY_LINES,
  }: { historyLines?: number } = {}): Promise<TerminalSnapshot> {
    // Callers that ask before tmux ran the capture can share it: it is exact for each of them
    // (they subscribed before it runs). Twenty subscribers resyncing after a flood take one.
    const pending = this.pendingSnapshots.get(historyLines);
    if (pending) return pending;
    const snapshot = this.takeSnapshot(historyLines, () => {
      if (this.pendingSnapshots.get(historyLines) === snapshot)
        this.pendingSnapshots.delete(historyLines);
    });
    this.pendingSnapshots.set(historyLines, snapshot);
    void snapshot
      .catch(() => undefined)
      .finally(() => {
        if (this.pendingSnapshots.get(historyLines) === snapshot)
          this.pendingSnapshots.delete(historyLines);
      });
    return snapshot;
  }

  private async takeSnapshot(historyLines: number, onBegin: () => void): Promise<TerminalSnapshot> {
    let seq = this.seq;
    let extraModes = '';
    const reply = await this.control.command(snapshotCommands(this.paneId, historyLines), {
      onBegin: () => {
        onBegin();
        this.batcher.flush();
        seq = this.seq;
        extraModes = this.modes.modeSequence();
      },
    });
    const built = buildSnapshot(reply.lines, historyLines, extraModes);
    if (!built) throw new Error(`tmux gave no snapshot of ${this.name}`);
    return { seq, data: built.data, cols: built.info.cols, rows: built.info.rows };
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
      tmuxPauses: this.tmuxPauses,
      floods: this.floods,
      flooding: this.flood !== undefined,
      subscribers,
    };
  }

  /** Detaches (ends the control client, NOT the session) and ends every subscription. */
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

  /** Neither ended nor ending: input, resizes and snapshots still make sense. */
  private get running(): boolean {
    return !this.disposed && !this.finishing;
  }

  private async start(): Promise<void> {
    let info: ReturnType<typeof parseSnapshotInfo>;
    await withTimeout(
      this.control.command(
        [
          ['display-message', '-p', '-t', paneTarget(this.name), SNAPSHOT_INFO_FORMAT],
          ['refresh-client', '-C', `${this.paneSize.cols}x${this.paneSize.rows}`],
          ['refresh-client', '-f', `pause-after=${PAUSE_AFTER_SECONDS}`],
        ],
        {
          // Synchronously, as the reply is parsed: pane output may follow in the same read.
          onReply: (lines) => {
            info = parseSnapshotInfo(lines[0] ?? '');
            this.paneId = info?.paneId ?? '';
            if (info) this.input = new PaneInput(info.paneId);
          },
        },
      ),
      ATTACH_TIMEOUT_MS,
      () => {
        throw new Error(`tmux control client for ${this.name} did not answer`);
      },
    );
    if (!info) throw new Error(`tmux session not found: ${this.name}`);
    if (!this.running) return;
    this.exitWatcher.start(info.serverPid);
    if (info.dead) {
      await this.exitWatcher.reportDead(info.deadStatus);
      await this.finishing;
    }
  }

  private onControlMessage(message: ControlMessage): void {
    switch (message.kind) {
      case 'output':
        if (message.pane === this.paneId) this.onData(message.data);
        return;
      case 'layout':
        this.onLayout({ cols: message.cols, rows: message.rows });
        return;
      case 'pause':
        // During a flood the pause is ours (see startFlood).
        if (message.pane === this.paneId && !this.flood) this.onTmuxPause();
        return;
      case 'exit':
      case 'continue':
      case 'notification':
      case 'begin':
      case 'reply':
        return;
    }
  }

  private onData(bytes: Buffer): void {
    if (this.disposed || this.exitCode !== undefined) return;
    if (this.flood) {
      // What tmux had sent before our pause took effect: the previews and the resync that
      // ends the flood stand for it. Mode changes in it still count (mode sequences are ASCII).
      this.modes.feed(bytes.toString('latin1'));
      return;
    }
    const data = this.decoder.write(bytes);
    if (data === '') return;
    this.batcher.push(data);
    const now = performance.now();
    let flood = false;
    for (const detector of this.floodDetectors) if (detector.add(data.length, now)) flood = true;
    if (
      now - this.lastRecheck.at < FLOOD_RECHECK_GRACE_MS &&
      this.recheckDetector.add(data.length, now)
    )
      flood = true;
    if (flood) this.startFlood();
  }

  /** Every subscriber that takes output has more than the low water mark queued. */
  private everyoneBehind(): boolean {
    let any = false;
    for (const subscription of this.subscribers) {
      if (!subscription.acceptsOutput) continue;
      if (subscription.queuedBytes <= this.lowWater) return false;
      any = true;
    }
    return any;
  }

  /**
   * Output came faster than anyone reads it: what came so far goes out, then tmux stops sending
   * us the pane (`refresh-client -A %N:pause`: tmux then skips the escaping and writing too, and
   * the program runs at tmux's own speed) and subscribers see the screen every FLOOD_PREVIEW_MS
   * until the flood ends.
   */
  private startFlood(): void {
    if (this.flood || !this.floodEnabled || !this.running || this.paneId === '') return;
    const now = performance.now();
    // Back to back with a recheck: the flood went on, so look again less often.
    const recheckMs =
      now - this.lastRecheck.at < FLOOD_RECHECK_GRACE_MS
        ? Math.min(this.lastRecheck.ms * 2, FLOOD_RECHECK_MAX_MS)
        : this.floodRecheckMs;
    this.flood = { since: now, recheckMs };
    this.floods++;
    this.batcher.flush(true);
    this.streamBrokenAt = this.seq;
    this.control.command([['refresh-client', '-A', `${this.paneId}:pause`]]).catch(() => undefined);
    this.scheduleFloodCheck();
  }

  private scheduleFloodCheck(): void {
    if (!this.flood) return;
    this.flood.timer = setTimeout(() => void this.checkFlood(), this.floodPreviewMs);
  }

  /**
   * Shows subscribers the screen; ends the flood once the screen stood still for a preview
   * interval, or after FLOOD_RECHECK_MS (output that goes on at a flood's rate starts the next).
   */
  private async checkFlood(): Promise<void> {
    const flood = this.flood;
    if (!flood || !this.running) return;
    const reply = await this.control
      .command(snapshotCommands(this.paneId, 0))
      .catch(() => undefined);
    if (this.flood !== flood || !this.running) return;
    const built = reply && buildSnapshot(reply.lines, 0, this.modes.modeSequence());
    const still = built !== undefined && built.data === flood.lastPreview;
    const now = performance.now();
    if (still || now - flood.since >= flood.recheckMs) {
      this.lastRecheck = still
        ? { at: Number.NEGATIVE_INFINITY, ms: 0 }
        : { at: now, ms: flood.recheckMs };
      this.endFlood();
      return;
    }
    if (built) {
      flood.lastPreview = built.data;
      const { cols, rows } = built.info;
      for (const subscription of this.subscribers) {
        if (subscription.acceptsOutput)
          subscription.push({ type: 'preview', data: built.data, cols, rows });
      }
      this.flow.update();
    }
    this.scheduleFloodCheck();
  }

  /**
   * Takes the stream again. Where tmux resumes it (the reply to `continue`), every subscriber is
   * owed a snapshot: it replaces the skipped output exactly, and output after it follows on.
   */
  private endFlood(): void {
    this.control
      .command([['refresh-client', '-A', `${this.paneId}:continue`]], {
        onBegin: () => {
          clearTimeout(this.flood?.timer);
          this.flood = undefined;
          for (const detector of [...this.floodDetectors, this.recheckDetector]) detector.reset();
          // A UTF-8 sequence cut by the pause must not join bytes from after it.
          this.decoder.end();
          this.streamBrokenAt = this.seq;
          for (const subscription of this.subscribers) {
            if (subscription.acceptsOutput) subscription.markLagging();
          }
          this.flow.update();
        },
      })
      .catch(() => undefined);
  }

  private onLayout(size: TerminalSize): void {
    if (sameSize(size, this.paneSize)) return;
    // Output so far was drawn at the old size: it goes out first, then the size event.
    this.batcher.flush(true);
    this.paneSize = size;
    this.streamBrokenAt = this.seq;
    for (const subscription of this.subscribers) {
      if (subscription.acceptsOutput) subscription.push({ type: 'size', seq: this.seq, ...size });
    }
    for (const waiter of this.sizeWaiters) if (sameSize(waiter.size, size)) waiter.done();
  }

  /**
   * tmux stopped sending us the pane's output (we were PAUSE_AFTER_SECONDS behind): ask for it
   * again and give every subscriber a fresh snapshot, since what was skipped is gone.
   */
  private onTmuxPause(): void {
    this.tmuxPauses++;
    this.batcher.flush(true);
    for (const subscription of this.subscribers) subscription.markLagging();
    this.control
      .command([['refresh-client', '-A', `${this.paneId}:continue`]])
      .catch(() => undefined);
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

  private async onControlClosed(): Promise<void> {
    if (!this.running) return;
    // Our client ended: the session was killed, the server died, or someone detached us.
    const info = await this.tmux.paneInfo(this.name).catch(() => undefined);
    await this.finish(info?.dead ? info.deadStatus : null, false);
  }

  /**
   * Delivers the remaining output, the final screen (when the pane died and is still there)
   * and the exit event, then ends every subscription.
   */
  private finish(code: number | null, paneDied: boolean): Promise<void> {
    if (!this.finishing) {
      const final = paneDied ? this.finalSnapshot() : Promise.resolve(undefined);
      this.finishing = final.then((snapshot) => this.deliverExit(code, snapshot));
    }
    return this.finishing;
  }

  private deliverExit(code: number | null, final: TerminalSnapshot | undefined): void {
    if (this.disposed) return;
    this.batcher.flush(true);
    this.exitCode = code;
    this.stop();
    for (const subscription of this.subscribers) {
      if (final) subscription.push({ type: 'snapshot', ...final });
      subscription.push({ type: 'exit', code });
      subscription.close(true);
    }
    this.subscribers.clear();
    for (const listener of this.exitListeners) listener(code);
    this.exitListeners.clear();
  }

  /**
   * The dead pane's screen and history. tmux frees a pane's unsent output when it dies (seen:
   * `echo bye; exit 3` reached the control client in about half of the runs), but the pane
   * stays (`remain-on-exit`) with everything it drew, so the capture is complete.
   */
  private async finalSnapshot(): Promise<TerminalSnapshot | undefined> {
    const snapshot = this.snapshot({ historyLines: this.exitHistoryLines }).catch(() => undefined);
    return withTimeout(snapshot, EXIT_SNAPSHOT_MAX_MS, () => undefined);
  }

  private stop(): void {
    clearTimeout(this.flood?.timer);
    this.flood = undefined;
    this.batcher.dispose();
    this.flow.dispose();
    this.exitWatcher.dispose();
    this.control.dispose();
  }
}

function sameSize(a: TerminalSize, b: TerminalSize): boolean {
  return a.cols === b.cols && a.rows === b.rows;
}
