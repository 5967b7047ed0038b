/** At most `slots` holders at once; the others wait in order (or give up when their signal aborts). */
export class Semaphore {
  private held = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly slots: number) {}

  /** Resolves with the function that gives the slot back. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.held >= this.slots) {
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          const index = this.queue.indexOf(turn);
          if (index >= 0) this.queue.splice(index, 1);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        signal?.addEventListener('abort', abort, { once: true });
        this.queue.push(turn);
      });
    } else {
      this.held += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      // The slot passes straight to the next in line (held stays the same).
      if (next) next();
      else this.held -= 1;
    };
  }
}
