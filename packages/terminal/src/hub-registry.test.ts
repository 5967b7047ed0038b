import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_HIGH_WATER_BYTES, type Outbound, type StreamItem } from './attach-stream.ts';
import { TerminalHubs, type HubOwner } from './hub-registry.ts';
import { startTestServer, waitUntil, type TestServer } from './testing/tmux-server.ts';

const silent = { warn: () => undefined };

describe('TerminalHubs: the attach path on real tmux', () => {
  let server: TestServer;
  let registry: TerminalHubs;
  const resolved: string[] = [];
  const used: string[] = [];
  const owners = new Map<string, HubOwner>();

  beforeAll(async () => {
    server = await startTestServer();
    registry = new TerminalHubs({
      tmux: server.tmux,
      resolveOwner: (userId, sessionId) => {
        resolved.push(`${userId}/${sessionId}`);
        const owner = owners.get(sessionId);
        if (!owner || owner.userId !== userId) return Promise.reject(new Error(`session ${sessionId} not found`));
        return Promise.resolve(owner);
      },
      onExit: () => undefined,
      onUse: (id) => used.push(id),
      logger: silent,
    });
  });
  afterEach(() => registry.disposeAll());
  afterAll(async () => {
    await server.cleanup();
  });

  const session = async (id: string) => {
    const tmuxName = await server.session(`rdv-${id}`);
    owners.set(id, { sessionId: id, userId: 'owner', tmuxName, cols: 80, rows: 24 });
  };

  /** Reads items until `until` matches one; returns every item read. */
  const readUntil = async (stream: AsyncGenerator<StreamItem>, until: (item: StreamItem) => boolean) => {
    const items: StreamItem[] = [];
    for (;;) {
      const { value, done } = await stream.next();
      if (done) throw new Error(`the stream ended before the expected item: ${JSON.stringify(items)}`);
      items.push(value);
      if (until(value)) return items;
    }
  };
  const outputOf = (items: StreamItem[]) =>
    items.map((item) => (item.data.type === 'output' ? item.data.data : '')).join('');

  it('checks the owner once per hub, then types from the cache; another user is asked about every time', async () => {
    await session('cache');
    resolved.length = 0;
    used.length = 0;
    const mine = registry.forOwner('owner', 'cache');
    await mine.write('true\r', 'c1');
    await mine.write('true\r', 'c1');
    await mine.resize(90, 30, 'c1');
    expect(resolved).toEqual(['owner/cache']);
    expect(used).toEqual(['cache', 'cache', 'cache']);

    await expect(registry.forOwner('mallory', 'cache').write('echo pwned\r', 'c2')).rejects.toThrow(/not found/);
    await expect(registry.forOwner('mallory', 'cache').write('echo pwned\r', 'c2')).rejects.toThrow(/not found/);
    expect(resolved).toEqual(['owner/cache', 'mallory/cache', 'mallory/cache']);
  });

  it('starts with a snapshot, resumes exactly by id, and gives a snapshot for an id of another hub', async () => {
    await session('resume');
    const terminal = registry.forOwner('owner', 'resume');
    const first = terminal.attach({ clientId: 'a' });
    const [snapshot] = await readUntil(first, () => true);
    expect(snapshot?.data.type).toBe('snapshot');
    expect(snapshot?.id).toMatch(/^[0-9a-f]{8}:\d+$/);

    await terminal.write('echo one-$((40+2))\r', 'a');
    const seen = await readUntil(first, (item) => outputOf([item]).includes('one-42'));
    const lastId = seen.at(-1)!.id!;
    await terminal.write('echo two-$((40+3))\r', 'a');
    await readUntil(first, (item) => outputOf([item]).includes('two-43'));
    await first.return(undefined);

    // Resuming after `lastId` replays exactly what came after it: the second command, not the first.
    const again = terminal.attach({ clientId: 'a', lastEventId: lastId });
    const resumed = await readUntil(again, (item) => outputOf([item]).includes('two-43'));
    expect(resumed[0]?.data).toMatchObject({ type: 'resume', cols: 80, rows: 24 });
    expect(outputOf(resumed)).not.toContain('one-42');
    await again.return(undefined);

    const [, seq] = lastId.split(':');
    const foreign = terminal.attach({ clientId: 'a', lastEventId: `00000000:${seq}` });
    expect((await foreign.next()).value?.data.type).toBe('snapshot');
    await foreign.return(undefined);
  });

  it('waits for the connection to drain (an event, not a timer) before sending more output', async () => {
    await session('drain');
    let queued = CLIENT_HIGH_WATER_BYTES + 1;
    let drain: () => void = () => undefined;
    let drainsAwaited = 0;
    const outbound: Outbound = {
      bytes: () => queued,
      drained: () => {
        drainsAwaited += 1;
        return new Promise((resolve) => (drain = resolve));
      },
    };
    const terminal = registry.forOwner('owner', 'drain');
    const stream = terminal.attach({ clientId: 'd', outbound });
    expect((await stream.next()).value?.data.type).toBe('snapshot');
    await terminal.write('echo held-$((1+1))\r', 'd');
    const next = stream.next();
    let arrived = false;
    void next.then(() => (arrived = true));
    await waitUntil(() => drainsAwaited === 1, { what: 'the stream to wait for a drain' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(arrived).toBe(false);

    queued = 0;
    drain();
    const items = [(await next).value!];
    // The command line echoes `held-$((1+1))`; its output is the line that says held-2.
    while (!outputOf(items).includes('held-2')) items.push((await stream.next()).value);
    expect(outputOf(items)).toContain('held-2');
    expect(drainsAwaited).toBe(1);
    await stream.return(undefined);
  });
});
