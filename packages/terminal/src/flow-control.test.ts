import { describe, expect, it } from 'vitest';
import { FlowControl } from './flow-control.ts';
import { Subscription, type SubscriptionOwner } from './subscription.ts';

/** A hub stand-in: subscriptions wired to a FlowControl with small watermarks. */
function setup(graceMs = 40) {
  const subscribers = new Set<Subscription>();
  const calls: string[] = [];
  const flow = new FlowControl(
    {
      highWater: 100,
      lowWater: 20,
      stallGraceMs: graceMs,
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
    },
    () => subscribers,
  );
  const owner: SubscriptionOwner = {
    onDrained: () => flow.update(),
    onDisposed: (s) => {
      subscribers.delete(s);
      flow.update();
    },
  };
  let seq = 0;
  const add = () => {
    const s = new Subscription(owner, subscribers.size + 1, false);
    subscribers.add(s);
    return s;
  };
  const emit = (size: number) => {
    seq += size;
    for (const s of subscribers)
      if (s.acceptsOutput) s.push({ type: 'output', seq, data: 'x'.repeat(size) });
    flow.update();
  };
  return { flow, calls, add, emit };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('FlowControl', () => {
  it('pauses above high water and resumes once at or below low water', async () => {
    const { flow, calls, add, emit } = setup();
    const sub = add();
    emit(60);
    emit(60);
    expect(calls).toEqual(['pause']);
    expect(flow.isPaused).toBe(true);
    await sub.next(); // 60 left: above low water
    expect(calls).toEqual(['pause']);
    await sub.next(); // 0 left
    expect(calls).toEqual(['pause', 'resume']);
    flow.dispose();
  });

  it('drops a stalled subscriber after the grace period; it gets resync, the others are freed', async () => {
    const { flow, calls, add, emit } = setup();
    const stalled = add();
    const healthy = add();
    emit(60);
    emit(60);
    for (let i = 0; i < 2; i++) await healthy.next();
    expect(calls).toEqual(['pause']); // the stalled one still holds the pty
    await sleep(80);
    expect(calls).toEqual(['pause', 'resume']);
    expect(stalled.lagging).toBe(true);
    expect(stalled.queuedBytes).toBe(0);
    expect(flow.counters).toEqual({ pauses: 1, lags: 1 });

    emit(10); // lagging: no longer queued for it
    expect(stalled.queuedBytes).toBe(0);
    expect(await stalled.next()).toEqual({ type: 'resync' });
    emit(10); // healthy again after the resync
    expect(await stalled.next()).toMatchObject({ type: 'output', data: 'x'.repeat(10) });
    expect(await healthy.next()).toMatchObject({ type: 'output', data: 'x'.repeat(10) });
    flow.dispose();
  });

  it('keeps a subscriber that drains within the grace period', async () => {
    const { flow, add, emit } = setup(200);
    const sub = add();
    emit(60);
    emit(60);
    await sleep(20);
    await sub.next();
    await sub.next();
    await sleep(250);
    expect(sub.lagging).toBe(false);
    expect(flow.isPaused).toBe(false);
    flow.dispose();
  });

  it('resumes when the only holder unsubscribes', () => {
    const { flow, calls, add, emit } = setup();
    const sub = add();
    emit(150);
    expect(calls).toEqual(['pause']);
    sub.dispose();
    expect(calls).toEqual(['pause', 'resume']);
    flow.dispose();
  });
});

describe('Subscription', () => {
  it('hands a waiting consumer the next event directly and ends with null', async () => {
    const { add, emit } = setup();
    const sub = add();
    const next = sub.next();
    emit(5);
    expect(await next).toMatchObject({ type: 'output', seq: 5 });
    expect(sub.queuedBytes).toBe(0);
    sub.push({ type: 'exit', code: 0 });
    sub.close(true);
    expect(await sub.next()).toEqual({ type: 'exit', code: 0 });
    expect(await sub.next()).toBeNull();
  });

  it('ends a pending next() on dispose and works with for-await', async () => {
    const { add, emit } = setup();
    const sub = add();
    const pending = sub.next();
    sub.dispose();
    expect(await pending).toBeNull();

    const iterated = add();
    emit(3);
    iterated.close(true);
    const seen = [];
    for await (const event of iterated) seen.push(event);
    expect(seen).toEqual([{ type: 'output', seq: 3, data: 'xxx' }]);
  });
});
