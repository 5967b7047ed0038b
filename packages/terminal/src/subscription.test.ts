import { describe, expect, it } from 'vitest';
import { Subscription, type SubscriptionOwner } from './subscription.ts';

const owner: SubscriptionOwner = { onDrained: () => undefined, onDisposed: () => undefined };

describe('Subscription', () => {
  it("counts a flood's previews like output, and drops them when it lags", async () => {
    const subscription = new Subscription(owner, 1, false);
    subscription.push({ type: 'output', seq: 3, data: 'abc' });
    subscription.push({ type: 'preview', data: 'screen', cols: 80, rows: 24 });
    subscription.push({ type: 'size', seq: 3, cols: 100, rows: 30 });
    expect(subscription.queuedBytes).toBe(9);

    expect(await subscription.next()).toEqual({ type: 'output', seq: 3, data: 'abc' });
    expect(subscription.queuedBytes).toBe(6);

    subscription.markLagging();
    expect(subscription.queuedBytes).toBe(0);
    expect(await subscription.next()).toEqual({ type: 'resync' });
    // The size event is not output: it survives the drop.
    expect(await subscription.next()).toEqual({ type: 'size', seq: 3, cols: 100, rows: 30 });
  });
});
