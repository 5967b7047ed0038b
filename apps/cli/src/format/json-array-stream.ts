import type { Writable } from 'node:stream';

/**
 * Writes a JSON array element by element, byte for byte what `JSON.stringify(all, null, 2)`
 * would print, so that a long list reaches a pipe while its later pages are still being fetched.
 */
export class JsonArrayStream {
  private count = 0;

  constructor(private readonly out: Pick<Writable, 'write'>) {}

  /** Appends elements (one write per call). */
  push(items: readonly unknown[]): void {
    if (items.length === 0) return;
    // The page as an array, without its brackets: its elements come out indented and separated
    // exactly as in the whole list's, and one native call is ~3x faster than one per element.
    const array = JSON.stringify(items, null, 2);
    const text = array.slice('[\n'.length, -'\n]'.length);
    this.out.write(`${this.count === 0 ? '[\n' : ',\n'}${text}`);
    this.count += items.length;
  }

  /** Closes the array (`[]` when nothing was pushed) and ends the line. */
  end(): void {
    this.out.write(this.count === 0 ? '[]\n' : '\n]\n');
  }
}
