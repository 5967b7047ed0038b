import { describe, expect, it } from 'vitest';
import { InputPump, type InputChunk } from './input-pump.ts';

/** A `send` whose calls settle when the test says so. */
function controlledSend() {
  const calls: Array<InputChunk & { resolve: () => void; reject: (e: Error) => void }> = [];
  const send = (chunk: InputChunk) =>
    new Promise<void>((resolve, reject) => calls.push({ ...chunk, resolve, reject }));
  return { calls, send };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('InputPump', () => {
  it('sends in order with one call in flight, coalescing what is typed meanwhile', async () => {
    const { calls, send } = controlledSend();
    const pump = new InputPump({ send, firstSeq: 1 });
    pump.push('a');
    pump.push('b');
    pump.push('c');
    expect(calls.map((c) => c.data)).toEqual(['a']);
    calls[0]!.resolve();
    await tick();
    expect(calls.map((c) => [c.seq, c.data])).toEqual([
      [1, 'a'],
      [2, 'bc'],
    ]);
    calls[1]!.resolve();
    await pump.drain();
    expect(pump.stats.acked).toBe(2);
    expect(pump.queuedUnits).toBe(0);
  });

  it('keeps at most maxInFlight calls in flight, in order', async () => {
    const { calls, send } = controlledSend();
    const pump = new InputPump({ send, maxInFlight: 2, firstSeq: 10 });
    for (const key of ['a', 'b', 'c', 'd']) pump.push(key);
    expect(calls.map((c) => [c.seq, c.data])).toEqual([
      [10, 'a'],
      [11, 'b'],
    ]);
    calls[0]!.resolve();
    await tick();
    expect(calls.map((c) => c.data)).toEqual(['a', 'b', 'cd']);
  });

  it('after a failed call, sends nothing more until resume, then resends with the same numbers', async () => {
    const { calls, send } = controlledSend();
    const pump = new InputPump({ send, maxInFlight: 2, firstSeq: 1 });
    pump.push('a');
    pump.push('b');
    calls[0]!.reject(new Error('WebSocket closed'));
    calls[1]!.reject(new Error('WebSocket closed'));
    await tick();
    expect(pump.isOnline).toBe(false);
    pump.push('c'); // typed while disconnected: held
    expect(calls).toHaveLength(2);
    pump.resume();
    expect(calls.slice(2).map((c) => [c.seq, c.data])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    calls[2]!.resolve();
    await tick();
    expect(calls.slice(4).map((c) => [c.seq, c.data])).toEqual([[3, 'c']]);
    calls[3]!.resolve();
    calls[4]!.resolve();
    await pump.drain();
    expect(pump.stats.acked).toBe(3);
  });

  it('resends a call still in flight on resume (a half-open socket); a late answer counts once', async () => {
    const { calls, send } = controlledSend();
    const pump = new InputPump({ send, firstSeq: 5 });
    pump.push('x');
    pump.resume();
    expect(calls.map((c) => c.seq)).toEqual([5, 5]);
    calls[0]!.resolve(); // the old call answers after all
    calls[1]!.resolve(); // the daemon skipped the resend
    await pump.drain();
    expect(pump.stats.acked).toBe(1);
    expect(pump.oldestSentAt()).toBeUndefined();
  });

  it('never grows a chunk once it was sent, so a resend is the same bytes', async () => {
    const { calls, send } = controlledSend();
    const pump = new InputPump({ send, firstSeq: 1, online: false });
    pump.push('ab');
    pump.resume();
    pump.push('c');
    calls[0]!.reject(new Error('closed'));
    await tick();
    pump.resume();
    expect(calls.map((c) => [c.seq, c.data])).toEqual([
      [1, 'ab'],
      [1, 'ab'],
    ]);
    calls[1]!.resolve();
    await tick();
    expect(calls.at(-1)).toMatchObject({ seq: 2, data: 'c' });
  });

  it('drops everything queued past maxQueued and says so', () => {
    const { calls, send } = controlledSend();
    const pump = new InputPump({ send, maxQueued: 10, online: false });
    expect(pump.push('12345')).toBe(true);
    expect(pump.push('123456')).toBe(false);
    expect(pump.stats.dropped).toBe(1);
    expect(pump.queuedUnits).toBe(0);
    pump.resume();
    expect(calls).toHaveLength(0);
    expect(pump.push('ok')).toBe(true);
    expect(calls.map((c) => c.data)).toEqual(['ok']);
  });

  it('splits a huge paste into chunks, never inside a surrogate pair', async () => {
    const sent: string[] = [];
    const pump = new InputPump({
      send: async ({ data }) => void sent.push(data),
      maxChunk: 4,
    });
    pump.push('abc😀de');
    await pump.drain();
    expect(sent).toEqual(['abc', '😀de']);
    expect(sent.join('')).toBe('abc😀de');
  });

  it('numbers start from the clock, so they keep increasing across pumps of one client', () => {
    const { calls, send } = controlledSend();
    new InputPump({ send, now: () => 1_000 }).push('a');
    new InputPump({ send, now: () => 2_000 }).push('b');
    expect(calls.map((c) => c.seq)).toEqual([1_000_000, 2_000_000]);
  });
});
