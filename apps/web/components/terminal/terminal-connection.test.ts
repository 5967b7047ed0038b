import type { Terminal } from '@xterm/xterm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RdvClient } from '../../lib/trpc';
import {
  FLOW_HIGH_WATER_BYTES,
  RESIZE_DEBOUNCE_MS,
  TerminalConnection,
  type TerminalState,
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
  observer: { onData: (value: unknown) => void };
  stopped: boolean;
}

function fakeClient() {
  const subs: Sub[] = [];
  const inputs: string[] = [];
  const resizes: Array<{ cols: number; rows: number }> = [];
  const client = {
    terminal: {
      attach: {
        subscribe: (input: Record<string, unknown>, observer: Sub['observer']) => {
          const sub: Sub = { input, observer, stopped: false };
          subs.push(sub);
          return { unsubscribe: () => (sub.stopped = true) };
        },
      },
      input: { mutate: async ({ data }: { data: string }) => void inputs.push(data) },
      resize: {
        mutate: async ({ cols, rows }: { cols: number; rows: number }) =>
          void resizes.push({ cols, rows }),
      },
    },
  };
  return { client: client as unknown as RdvClient, subs, inputs, resizes };
}

describe('TerminalConnection', () => {
  let term: FakeTerm;
  let fake: ReturnType<typeof fakeClient>;
  let states: TerminalState[];
  let connection: TerminalConnection;
  const current = () => fake.subs.at(-1)!;
  const send = (id: string | undefined, event: Record<string, unknown>) =>
    current().observer.onData(id === undefined ? event : { id, data: event });

  beforeEach(() => {
    term = new FakeTerm();
    fake = fakeClient();
    states = [];
    connection = new TerminalConnection({
      client: fake.client,
      sessionId: 's1',
      clientId: 'c1',
      term: term as unknown as Terminal,
      historyLines: 50_000,
      onState: (s) => states.push(s),
    });
    connection.start();
  });
  afterEach(() => connection.dispose());

  it('attaches with its size and a bounded history, then shows snapshot and output in order', () => {
    expect(fake.subs[0]!.input).toEqual({
      sessionId: 's1',
      clientId: 'c1',
      cols: 100,
      rows: 30,
      historyLines: 5_000,
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
    fake.subs[0]!.observer.onData({ id: String(id + 5), data: { type: 'output', data: 'late' } });
    term.flush();
    expect(term.screen.endsWith('late')).toBe(false);
  });

  it('reports exit and suspension, and sends input only while live', async () => {
    connection.input('ignored');
    send('1', { type: 'snapshot', data: '$ ', cols: 100, rows: 30 });
    connection.input('ls\r');
    send(undefined, { type: 'exit', code: 3 });
    term.flush();
    term.flush();
    expect(term.screen).toContain('[process exited with code 3]');
    expect(states.at(-1)).toEqual({ kind: 'exited', code: 3 });
    connection.input('after-exit');
    await Promise.resolve();
    expect(fake.inputs).toEqual(['ls\r']);
  });

  describe('resize', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('sends the settled size once, not every step of a drag', () => {
      connection.resize(90, 30);
      connection.resize(80, 25);
      vi.advanceTimersByTime(RESIZE_DEBOUNCE_MS + 1);
      connection.resize(80, 25);
      vi.advanceTimersByTime(RESIZE_DEBOUNCE_MS + 1);
      expect(fake.resizes).toEqual([{ cols: 80, rows: 25 }]);
    });
  });
});
