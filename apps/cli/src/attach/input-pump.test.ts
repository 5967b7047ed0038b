import { describe, expect, it } from 'vitest';
import { InputPump, MAX_INPUT_CHUNK } from './input-pump.ts';

describe('InputPump', () => {
  it('sends in order with one call in flight, coalescing what is typed meanwhile', async () => {
    const sent: string[] = [];
    let release!: () => void;
    const pump = new InputPump(async (data) => {
      sent.push(data);
      if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    pump.push('a');
    pump.push('b');
    pump.push('c');
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toEqual(['a']);
    release();
    await pump.drain();
    expect(sent).toEqual(['a', 'bc']);
  });

  it('drops a chunk whose send failed and goes on', async () => {
    const sent: string[] = [];
    const pump = new InputPump(async (data) => {
      sent.push(data);
      if (data === 'x') throw new Error('connection lost');
    });
    pump.push('x');
    await pump.drain();
    pump.push('y');
    await pump.drain();
    expect(sent).toEqual(['x', 'y']);
  });

  it('splits a huge paste into chunks the API accepts', async () => {
    const sent: string[] = [];
    const pump = new InputPump(async (data) => void sent.push(data));
    pump.push('z'.repeat(MAX_INPUT_CHUNK * 2 + 10));
    await pump.drain();
    expect(sent.map((s) => s.length)).toEqual([MAX_INPUT_CHUNK, MAX_INPUT_CHUNK, 10]);
  });
});
