import { describe, expect, it } from 'vitest';
import { EventLog, streamEvents } from './event-log.ts';

async function take<T>(iterator: AsyncGenerator<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe('EventLog', () => {
  it('replays what a client missed, and refuses ids from another run or too old', () => {
    const log = new EventLog<string>(3);
    const a = log.publish('a');
    log.publish('b');
    log.publish('c');
    expect(log.since(a.id)?.map((e) => e.data)).toEqual(['b', 'c']);
    log.publish('d');
    log.publish('e');
    expect(log.since(a.id)).toBeNull();
    expect(log.since('other-5')).toBeNull();
    expect(log.since('garbage')).toBeNull();
    expect(log.since(log.cursor().id)).toEqual([]);
  });
});

describe('streamEvents', () => {
  it('sends the backlog tagged with the cursor, then live events; nothing published during the backlog read is lost', async () => {
    const log = new EventLog<string>();
    log.publish('before');
    const controller = new AbortController();
    const stream = streamEvents({
      log,
      filter: (data) => data !== 'other-user',
      signal: controller.signal,
      backlog: async () => {
        // An event published while the backlog is being read must still arrive.
        log.publish('during');
        return ['state'];
      },
    });
    const first = await take(stream, 2);
    expect(first.map((e) => e.data)).toEqual(['state', 'during']);
    log.publish('other-user');
    log.publish('after');
    expect((await take(stream, 1))[0]?.data).toBe('after');
    controller.abort();
    expect((await stream.next()).done).toBe(true);
    expect(log.listenerCount()).toBe(0);
  });

  it('resumes from lastEventId without the backlog', async () => {
    const log = new EventLog<string>();
    const seen = log.publish('one');
    log.publish('two');
    const controller = new AbortController();
    const stream = streamEvents({
      log,
      filter: () => true,
      lastEventId: seen.id,
      signal: controller.signal,
      backlog: async () => ['backlog'],
    });
    expect((await take(stream, 1)).map((e) => e.data)).toEqual(['two']);
    controller.abort();
    await stream.return(undefined);
  });

  it('falls back to the backlog for an unknown id', async () => {
    const log = new EventLog<string>();
    const controller = new AbortController();
    const stream = streamEvents({
      log,
      filter: () => true,
      lastEventId: 'old-12',
      signal: controller.signal,
      backlog: async () => ['backlog'],
    });
    expect((await take(stream, 1)).map((e) => e.data)).toEqual(['backlog']);
    controller.abort();
    await stream.return(undefined);
  });
});
