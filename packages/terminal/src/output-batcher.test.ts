import { describe, expect, it } from 'vitest';
import { OutputBatcher } from './output-batcher.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(batchBytes = 100) {
  const chunks: string[] = [];
  const batcher = new OutputBatcher({ batchMs: 5, batchBytes, emit: (data) => chunks.push(data) });
  return { batcher, chunks };
}

describe('OutputBatcher', () => {
  it('coalesces reads within the batch window into one chunk', async () => {
    const { batcher, chunks } = setup();
    batcher.push('a');
    batcher.push('b');
    batcher.push('c');
    expect(chunks).toEqual([]);
    await sleep(20);
    expect(chunks).toEqual(['abc']);
  });

  it('emits at once when the size limit is reached', () => {
    const { batcher, chunks } = setup(10);
    batcher.push('12345');
    batcher.push('67890');
    expect(chunks).toEqual(['1234567890']);
    expect(batcher.pendingBytes).toBe(0);
    batcher.dispose();
  });

  it('holds back an unfinished escape sequence until it completes', async () => {
    const { batcher, chunks } = setup();
    batcher.push('text\x1b[?10');
    batcher.flush();
    expect(chunks).toEqual(['text']);
    batcher.push('06h more');
    await sleep(20);
    expect(chunks).toEqual(['text', '\x1b[?1006h more']);
  });

  it('lets a sequence that never completes go out after another window', async () => {
    const { batcher, chunks } = setup();
    batcher.push('x\x1b[');
    await sleep(40);
    expect(chunks).toEqual(['x', '\x1b[']);
  });

  it('emits everything on a forced flush', () => {
    const { batcher, chunks } = setup();
    batcher.push('x\x1b]0;title');
    batcher.flush(true);
    expect(chunks).toEqual(['x\x1b]0;title']);
  });

  it('sends interactive output at once, however close together, and batches sustained output', async () => {
    const chunks: Array<{ data: string; at: number }> = [];
    const batcher = new OutputBatcher({
      batchMs: 50,
      batchBytes: 100_000,
      emit: (data) => chunks.push({ data, at: performance.now() }),
    });
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const start = performance.now();
    batcher.push('echo');
    await turn();
    // Regression: an echo used to wait the whole batch window.
    expect(chunks.map((c) => c.data)).toEqual(['echo']);
    // A second echo within the window: still at once (it used to wait a window behind the first).
    batcher.push('a');
    batcher.push('b');
    await turn();
    expect(chunks.map((c) => c.data)).toEqual(['echo', 'ab']);
    expect(chunks[1]!.at - start).toBeLessThan(40);
    // Past INTERACTIVE_BYTES within the window, output is held for the batch.
    batcher.push('x'.repeat(2_000));
    await turn();
    batcher.push('y');
    batcher.push('z');
    await turn();
    expect(chunks.map((c) => c.data.slice(0, 3))).toEqual(['ech', 'ab', 'xxx']);
    await sleep(80);
    expect(chunks.map((c) => c.data)).toEqual(['echo', 'ab', 'x'.repeat(2_000), 'yz']);
    batcher.dispose();
  });
});
