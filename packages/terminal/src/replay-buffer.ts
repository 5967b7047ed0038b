/** A batch of terminal output; `seq` is the stream offset (UTF-16 code units) at its END. */
export interface OutputChunk {
  seq: number;
  data: string;
}

/**
 * The most recent output chunks, bounded by size, so a client that saw the stream up to a chunk
 * boundary can resume exactly after it.
 */
export class ReplayBuffer {
  private chunks: OutputChunk[] = [];
  private head = 0;
  private size = 0;
  /** Stream offset where the oldest retained chunk starts (a boundary too). */
  private startSeq = 0;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held (UTF-16 code units, like `seq`). */
  get byteLength(): number {
    return this.size;
  }

  push(chunk: OutputChunk): void {
    this.chunks.push(chunk);
    this.size += chunk.data.length;
    while (this.size > this.maxBytes && this.head < this.chunks.length) {
      const oldest = this.chunks[this.head++]!;
      this.size -= oldest.data.length;
      this.startSeq = oldest.seq;
    }
    // Drop evicted slots now and then instead of shifting the array on every eviction.
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * The chunks after `seq`, or undefined when `seq` is not a retained chunk boundary (evicted,
   * in the future, or inside a chunk): the caller then needs a snapshot.
   */
  after(seq: number): OutputChunk[] | undefined {
    if (seq === this.startSeq) return this.chunks.slice(this.head);
    let lo = this.head;
    let hi = this.chunks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const midSeq = this.chunks[mid]!.seq;
      if (midSeq === seq) return this.chunks.slice(mid + 1);
      if (midSeq < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
