/** Largest `terminal.input` the CLI sends at once (the API takes up to 2 MiB). */
export const MAX_INPUT_CHUNK = 512 * 1024;

/**
 * Sends keys in order with at most one call in flight; what is typed meanwhile is coalesced
 * into the next call, so a fast typist or a paste costs a few round trips, not one per key.
 * Input that fails to send (the connection dropped mid-call) is dropped, never repeated: a
 * retried keystroke could run a command twice.
 */
export class InputPump {
  private pending = '';
  private running: Promise<void> | undefined;

  constructor(private readonly send: (data: string) => Promise<unknown>) {}

  push(data: string): void {
    this.pending += data;
    this.running ??= this.run().finally(() => (this.running = undefined));
  }

  /** Resolves once everything pushed so far was sent (or dropped). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    while (this.pending) {
      const chunk = sliceChunk(this.pending, MAX_INPUT_CHUNK);
      this.pending = this.pending.slice(chunk.length);
      try {
        await this.send(chunk);
      } catch {
        // dropped: see the class comment
      }
    }
  }
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
function sliceChunk(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
