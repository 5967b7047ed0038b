import { incompleteEscapeStart } from './terminal-modes.ts';

/** Output is coalesced for up to this long... */
export const BATCH_MS = 4;
/** ...or until this much is pending (UTF-16 code units), whichever comes first. */
export const BATCH_BYTES = 32 * 1024;
/**
 * Output is "sustained" (and batched) once this much went out within one batch window; less is
 * interactive (echoes, a prompt, a spinner) and goes out on the next turn of the event loop.
 */
export const INTERACTIVE_BYTES = 1024;

export interface OutputBatcherOptions {
  batchMs: number;
  batchBytes: number;
  /** Receives each batch; never empty, never ending inside an escape sequence (unless forced). */
  emit(data: string): void;
}

/**
 * Coalesces pty reads (a few KB each) into fewer, larger chunks: one message per batch instead
 * of one per read is what makes a terminal stream fast. A chunk never ends inside an escape
 * sequence, so a client that starts at a chunk boundary (resume, snapshot) never begins with the
 * tail of one; a sequence still incomplete after another batch window goes out anyway.
 */
export class OutputBatcher {
  private pending: string[] = [];
  private bytes = 0;
  /** The pending output is only the escape sequence the last flush held back. */
  private onlyHeldTail = false;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** The current batch window: when it began and what went out in it. */
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowBytes = 0;

  constructor(private readonly options: OutputBatcherOptions) {}

  /** Output read but not emitted yet. */
  get pendingBytes(): number {
    return this.bytes;
  }

  push(data: string): void {
    this.pending.push(data);
    this.bytes += data.length;
    this.onlyHeldTail = false;
    if (this.bytes >= this.options.batchBytes) return this.flush();
    if (this.timer || this.immediate) return;
    if (!this.sustained(performance.now())) {
      // Interactive output (a keystroke's echo) goes out on the next turn of the event loop,
      // which still coalesces reads that arrived together. Waiting a window here would add its
      // length to every echo that follows another within the window: a fast typist's, a held
      // key's, or a benchmark's. Sustained output is batched by the window below.
      this.immediate = setImmediate(() => {
        this.immediate = undefined;
        this.flush(this.onlyHeldTail);
      });
    } else {
      this.timer = setTimeout(() => this.flush(this.onlyHeldTail), this.options.batchMs);
    }
  }

  /** Whether more than INTERACTIVE_BYTES went out within the current batch window. */
  private sustained(now: number): boolean {
    return now - this.windowStart < this.options.batchMs && this.windowBytes >= INTERACTIVE_BYTES;
  }

  /** Emits what is pending now; with `force`, even an unfinished escape sequence. */
  flush(force = false): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearImmediate(this.immediate);
    this.immediate = undefined;
    if (this.bytes === 0) return;
    let data = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.bytes = 0;
    const cut = force ? -1 : incompleteEscapeStart(data);
    if (cut !== -1) {
      this.pending.push(data.slice(cut));
      this.bytes = data.length - cut;
      this.onlyHeldTail = true;
      this.timer = setTimeout(() => this.flush(this.onlyHeldTail), this.options.batchMs);
      data = data.slice(0, cut);
    }
    if (data !== '') {
      const now = performance.now();
      if (now - this.windowStart >= this.options.batchMs) {
        this.windowStart = now;
        this.windowBytes = 0;
      }
      this.windowBytes += data.length;
      this.options.emit(data);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearImmediate(this.immediate);
    this.immediate = undefined;
  }
}
