import type { Terminal } from '@xterm/xterm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FLOW_HIGH_WATER_BYTES,
  INPUT_ACK_TIMEOUT_MS,
  RESIZE_DEBOUNCE_MS,
  RESUBSCRIBE_AFTER_MS,
  WATCHDOG_INTERVAL_MS,
  TerminalConnection,
  type TerminalState,
  type TerminalTransport,
} from './terminal-connection';

/** xterm.js as the connection sees it: writes queue until `flush()` parses them, in order. */
class FakeTerm {
  cols = 100;
  rows = 30;
  screen = '';
  queue: Array<{ data: string; cb?: () => void }> = [];
  write(data: string, cb?: () => void) {
    this.queue.push({ data, cb });
  }
  reset() {
    this.screen = '';
  }
  flush() {
    while (this.queue.length) {
      const next = this.queue.shift()!;
      this.screen += next.data;
      next.cb?.();
    }
  }
}

interface Sub {
  input: Record<string, unknown>;
  observer: {
    onData: (item: { id?: string; event: never }) => void;
    onConnectionStateChange?: (change: { state: string; error: Error | null }) => void;
  };
  stopped: boolean;
}

/** The terminal channel as the connection sees it: attach, input, resize. */
function fakeChannel() {
  const subs: Sub[] = [];
  const inputs: string[] = [];
  const seqs: number[] = [];
  const failInputs = { value: false };
  const resizes: Array<{ cols: number; rows: number }> = [];
  const channel = {
    attach: (input: Record<string, unknown>, observer: Sub['observer']) => {
      const sub: Sub = { input, observer, stopped: false };
      subs.push(sub);
      return { unsubscribe: () => (sub.stopped = true) };
    },
    input: async ({ data, inputSeq }: { data: string; inputSeq?: number }) => {
      if (failInputs.value) throw new Error('WebSocket closed');
      inputs.push(data);
      seqs.push(inputSeq!);
    },
    resize: async ({ cols, rows }: { cols: number; rows: number }) => void resizes.push({ cols, rows }),
  };
  return { channel: channel as unknown as TerminalTransport, subs, inputs, seqs, failInputs, resizes };
}

describe('TerminalConnection', () => {
  let term: FakeTerm;
  let fake: ReturnType<typeof fakeChannel>;
  let states: TerminalState[];
  let connection: TerminalConnection;
  const current = () => fake.subs.at(-1)!;
  const send = (id: string | undefined, event: Record<string, unknown>) =>
    current().observer.onData((id === undefined ? { event } : { id, event }) as never);

  /** A started connection on the current fake term and client. */
  const startConnection = (
    opts: Partial<ConstructorParameters<typeof TerminalConnection>[0]> = {},
  ) => {
    const started = new TerminalConnection({
      channel: fake.channel,
      sessionId: 's1',
      clientId: 'c1',
      term: term as unknown as Terminal,
      historyLines: 100,
      onState: (s) => states.push(s),
      ...opts,
    });
    started.start();
    return started;
  };

  beforeEach(() => {
    term = new FakeTerm();
    fake = fakeChannel();
    states = [];
    connection = startConnection({ historyLines: 50_000 });
  });
  afterEach(() => connection.dispose());

  it('attaches with its size and a bounded history, then shows snapshot and output in order', () => {
    expect(fake.subs[0]!.input).toEqual({
      sessionId: 's1',
      clientId: 'c1',
      cols: 100,
      rows: 30,
      historyLines: 10_000,
    });
    send('10', { type: 'snapshot', data: 'SCREEN', cols: 100, rows: 30 });
    send('15', { type: 'output', data: '+more' });
    term.flush();
    term.flush();
    expect(term.screen).toBe('SCREEN+more');
    expect(states.at(-1)).toEqual({ kind: 'live' });
  });

  it('a snapshot replaces what was queued before it, never what came after it', () => {
    send('1', { type: 'snapshot', data: 'A', cols: 100, rows: 30 });
    term.flush();
    send('2', { type: 'output', data: 'old-output' }); // still queued in xterm
    send('9', { type: 'snapshot', data: 'B', cols: 100, rows: 30 }); // a resync
    send('12', { type: 'output', data: '-new' });
    term.flush();
    term.flush();
    expect(term.screen).toBe('B-new');
  });

  it('stops consuming above the high-water mark and resumes from the last event id', () => {
    send('0', { type: 'snapshot', data: '', cols: 100, rows: 30 });
    term.flush();
    const chunk = 'y\r\n'.repeat(11_000);
    let id = 0;
    while (!current().stopped) {
      id += chunk.length;
      send(String(id), { type: 'output', data: chunk });
    }
    expect(id).toBeGreaterThan(FLOW_HIGH_WATER_BYTES);
    expect(connection.stats.pauses).toBe(1);
    expect(fake.subs).toHaveLength(1);

    term.flush(); // xterm catches up: the stream resumes exactly where it stopped
    expect(fake.subs).toHaveLength(2);
    expect(current().input).toMatchObject({ lastEventId: String(id) });
    expect(current().input).not.toHaveProperty('historyLines');
    // Output still delivered to the stopped subscription is ignored.
    fake.subs[0]!.observer.onData({ id: String(id + 5), event: { type: 'output', data: 'late' } } as never);
    term.flush();
    expect(term.screen.endsWith('late')).toBe(false);
  });

  it('queues keys typed before the stream is live and sends them, in order, once it is', async () => {
    connection.input('ech');
    connection.input('o 1\r');
    await Promise.resolve();
    expect(fake.inputs).toEqual([]);
    send('1', { type: 'snapshot', data: '$ ', cols: 100, rows: 30 });
    connection.input('ls\r');
    await Promise.resolve();
    // What waited is coalesced into one call.
    expect(fake.inputs).toEqual(['echo 1\r', 'ls\r']);
    expect(fake.seqs).toEqual([fake.seqs[0]!, fake.seqs[0]! + 1]);
    expect(fake.seqs[0]).toBeGreaterThan(Date.now() * 1000 - 60_000_000);
  });

  it('reports exit and suspension; keys after the exit go nowhere', async () => {
    send('1', { type: 'snapshot', data: '$ ', cols: 100, rows: 30 });
    send(undefined, { type: 'exit', code: 3 });
    term.flush();
    term.flush();
    expect(term.screen).toContain('[process exited with code 3]');
    expect(states.at(-1)).toEqual({ kind: 'exited', code: 3 });
    connection.input('after-exit');
    await Promise.resolve();
    expect(fake.inputs).toEqual([]);
  });

  it('resends keys that were not acknowledged after a reconnect, with the same numbers', async () => {
    send('1', { type: 'snapshot', data: '$ ', cols: 100, rows: 30 });
    fake.failInputs.value = true; // the socket dropped: nothing is acknowledged
    connection.input('a');
    connection.input('b');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.inputs).toEqual([]);
    current().observer.onConnectionStateChange?.({
      state: 'connecting',
      error: new Error('closed'),
    });
    expect(states.at(-1)).toMatchObject({ kind: 'reconnecting' });
    connection.input('c'); // typed while disconnected: queued
    fake.failInputs.value = false;
    send('1', { type: 'resume', cols: 100, rows: 30 }); // the resubscription says where it stands
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(states.at(-1)).toEqual({ kind: 'live' });
    // 'a' went alone (one call in flight); 'b' waited behind it and 'c' joined it, unsent.
    expect(fake.inputs).toEqual(['a', 'bc']);
    expect(fake.seqs).toEqual([fake.seqs[0]!, fake.seqs[0]! + 1]);
    expect(fake.seqs[0]).toBeGreaterThan(Date.now() * 1000 - 60_000_000);
    expect(connection.stats.inputsAcked).toBe(2);
  });

  it('tells the user when keys typed offline overflow the queue, and sends none of them', async () => {
    const notices: string[] = [];
    connection.dispose();
    connection = startConnection({ onNotice: (message) => notices.push(message) });
    connection.input('x'.repeat(40 * 1024));
    connection.input('y'.repeat(40 * 1024)); // over 64 KiB in all
    send('1', { type: 'snapshot', data: '$ ', cols: 100, rows: 30 });
    await Promise.resolve();
    expect(fake.inputs).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(connection.stats.inputsDropped).toBe(1);
  });

  it('takes the pane size from the stream, after the output drawn before it', () => {
    const resizes: string[] = [];
    (term as unknown as { resize: (c: number, r: number) => void }).resize = (c, r) => {
      resizes.push(`${c}x${r}@${term.screen.length}`);
      term.cols = c;
      term.rows = r;
    };
    send('1', { type: 'snapshot', data: 'S', cols: 100, rows: 30 });
    send('2', { type: 'output', data: 'ab' });
    send('2', { type: 'size', cols: 120, rows: 40 });
    send('3', { type: 'output', data: 'c' });
    term.flush();
    term.flush();
    expect(term.screen).toBe('Sabc');
    expect(resizes).toEqual(['120x40@3']); // after "Sab", before "c"
  });

  describe('with a clock', () => {
    beforeEach(() => {
      vi.useFakeTimers();
      // Again, so that its watchdog runs on the fake clock.
      connection.dispose();
      fake = fakeChannel();
      connection = startConnection();
    });
    afterEach(() => vi.useRealTimers());

    it('starts the subscription again when it never says where it stands', () => {
      expect(fake.subs).toHaveLength(1);
      vi.advanceTimersByTime(RESUBSCRIBE_AFTER_MS + WATCHDOG_INTERVAL_MS);
      expect(fake.subs).toHaveLength(2);
      expect(fake.subs[0]!.stopped).toBe(true);
      // Still no answer: the next restart waits twice as long (a slow daemon is not hammered).
      vi.advanceTimersByTime(RESUBSCRIBE_AFTER_MS + WATCHDOG_INTERVAL_MS);
      expect(fake.subs).toHaveLength(2);
      vi.advanceTimersByTime(RESUBSCRIBE_AFTER_MS);
      expect(fake.subs).toHaveLength(3);
      send('1', { type: 'snapshot', data: '$ ', cols: 100, rows: 30 });
      vi.advanceTimersByTime(RESUBSCRIBE_AFTER_MS * 4);
      expect(fake.subs).toHaveLength(3); // live: left alone
    });

    it('leaves "live" when a key is not acknowledged in time, and starts over', async () => {
      send('1', { type: 'snapshot', data: '$ ', cols: 100, rows: 30 });
      fake.failInputs.value = true;
      connection.input('x');
      await vi.advanceTimersByTimeAsync(INPUT_ACK_TIMEOUT_MS + WATCHDOG_INTERVAL_MS);
      expect(states.at(-1)).toMatchObject({
        kind: 'reconnecting',
        reason: 'keys were not acknowledged',
      });
      expect(fake.subs).toHaveLength(2);
    });

    it('sends the settled size once, not every step of a drag', () => {
      connection.resize(90, 30);
      connection.resize(80, 25);
      vi.advanceTimersByTime(RESIZE_DEBOUNCE_MS + 1);
      connection.resize(80, 25);
      vi.advanceTimersByTime(RESIZE_DEBOUNCE_MS + 1);
      expect(fake.resizes).toEqual([{ cols: 80, rows: 25 }]);
      connection.claimSize(); // "fit to this device": sent again, with the claim
      expect(fake.resizes).toHaveLength(2);
    });
  });
});
