import { decodeClientFrame, encodeServerFrame, type ChannelClientFrame, type ChannelServerFrame } from '@rdv/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TerminalChannel, TerminalChannelError, type ChannelObserver, type ChannelSocket } from './terminal-channel.ts';

/** A WebSocket as the channel sees it: the test opens, answers and closes it. */
class FakeSocket implements ChannelSocket {
  readyState = 0;
  sent: ChannelClientFrame[] = [];
  closedWith: number | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(decodeClientFrame(data)!);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(frame: ChannelServerFrame) {
    this.onmessage?.({ data: encodeServerFrame(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

function recorder() {
  const log: string[] = [];
  const observer: ChannelObserver = {
    onData: ({ id, event }) => log.push(`${event.type}${id ? `@${id}` : ''}${event.type === 'output' ? `:${event.data}` : ''}`),
    onError: (error) => log.push(`error:${(error as TerminalChannelError).code}`),
    onComplete: () => log.push('complete'),
    onConnectionStateChange: (change) => log.push(`state:${change.state}`),
  };
  return { log, observer };
}

describe('TerminalChannel', () => {
  let sockets: FakeSocket[];
  let closes: number[];
  let channel: TerminalChannel;
  const socket = () => sockets.at(-1)!;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    closes = [];
    channel = new TerminalChannel({
      connect: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      retryDelayMs: () => 100,
      onClose: (code) => closes.push(code),
      keepAlive: { intervalMs: 1_000, pongTimeoutMs: 1_000 },
    });
  });
  afterEach(() => {
    channel.close();
    vi.useRealTimers();
  });

  it('opens one socket on the first attach and sends what waited once it is open', () => {
    const { log, observer } = recorder();
    channel.attach({ sessionId: 's1', cols: 80, rows: 24 }, observer);
    expect(sockets).toHaveLength(1);
    expect(socket().sent).toEqual([]);
    socket().open();
    expect(socket().sent).toEqual([{ type: 'open', input: { sessionId: 's1', cols: 80, rows: 24 } }]);
    socket().deliver({ type: 'event', id: 'e:1', event: { type: 'snapshot', data: 'hi', cols: 80, rows: 24 } });
    socket().deliver({ type: 'event', id: 'e:2', event: { type: 'output', data: 'x' } });
    expect(log).toEqual(['snapshot@e:1', 'output@e:2:x']);
  });

  it('answers input and resize by their ref, in any order', async () => {
    channel.attach({ sessionId: 's1' }, recorder().observer);
    socket().open();
    const typed = channel.input({ data: 'ls\r', inputSeq: 5 });
    const resized = channel.resize({ cols: 100, rows: 30, claim: true });
    const [, input, resize] = socket().sent as [unknown, { ref: number }, { ref: number }];
    expect(socket().sent.slice(1)).toEqual([
      { type: 'input', ref: input.ref, data: 'ls\r', seq: 5 },
      { type: 'resize', ref: resize.ref, cols: 100, rows: 30, claim: true },
    ]);
    socket().deliver({ type: 'error', ref: resize.ref, code: 'BAD_REQUEST', message: 'cols too big' });
    socket().deliver({ type: 'ok', ref: input.ref });
    await expect(typed).resolves.toBeUndefined();
    await expect(resized).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'cols too big' });
  });

  it('a new attach stops the old stream on the same socket: frames until its `ended` go nowhere', () => {
    const first = recorder();
    const second = recorder();
    channel.attach({ sessionId: 's1' }, first.observer);
    socket().open();
    channel.attach({ sessionId: 's1', lastEventId: 'e:2' }, second.observer);
    expect(socket().sent.map((f) => f.type)).toEqual(['open', 'stop', 'open']);
    socket().deliver({ type: 'event', id: 'e:3', event: { type: 'output', data: 'late' } });
    socket().deliver({ type: 'ended' });
    socket().deliver({ type: 'event', id: 'e:2', event: { type: 'resume', cols: 80, rows: 24 } });
    expect(first.log).toEqual([]);
    expect(second.log).toEqual(['resume@e:2']);
    expect(sockets).toHaveLength(1);
  });

  it('a stream that ends by itself completes; one refused reports the error and does not complete', () => {
    const ok = recorder();
    channel.attach({ sessionId: 's1' }, ok.observer);
    socket().open();
    socket().deliver({ type: 'event', event: { type: 'exit', code: 0 } });
    socket().deliver({ type: 'ended' });
    expect(ok.log).toEqual(['exit', 'complete']);

    const refused = recorder();
    channel.attach({ sessionId: 'nope' }, refused.observer);
    socket().deliver({ type: 'error', code: 'NOT_FOUND', message: 'session not found' });
    socket().deliver({ type: 'ended' });
    expect(refused.log).toEqual(['error:NOT_FOUND']);
  });

  it('a lost socket refuses what was in flight, then reconnects and resumes after the last event', async () => {
    const { log, observer } = recorder();
    channel.attach({ sessionId: 's1', historyLines: 50 }, observer);
    socket().open();
    socket().deliver({ type: 'event', id: 'e:7', event: { type: 'output', data: 'a' } });
    const typed = channel.input({ data: 'b', inputSeq: 9 });
    socket().drop(1001);
    await expect(typed).rejects.toBeInstanceOf(TerminalChannelError);
    expect(closes).toEqual([1001]);
    expect(log).toEqual(['output@e:7:a', 'state:connecting']);
    expect(sockets).toHaveLength(1);

    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    socket().open();
    expect(socket().sent).toEqual([{ type: 'open', input: { sessionId: 's1', historyLines: 50, lastEventId: 'e:7' } }]);
    expect(log.at(-1)).toBe('state:pending');
    socket().deliver({ type: 'event', id: 'e:7', event: { type: 'resume', cols: 80, rows: 24 } });
    expect(log.at(-1)).toBe('resume@e:7');
  });

  it('an attach while it waits to reconnect replaces the stream it would have resumed', () => {
    const old = recorder();
    channel.attach({ sessionId: 's1' }, old.observer);
    socket().open();
    socket().drop();
    const fresh = recorder();
    channel.attach({ sessionId: 's1' }, fresh.observer);
    socket().open();
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
    expect(socket().sent).toEqual([{ type: 'open', input: { sessionId: 's1' } }]);
    socket().deliver({ type: 'event', id: 'e:1', event: { type: 'snapshot', data: '', cols: 80, rows: 24 } });
    expect(fresh.log).toContain('snapshot@e:1');
    expect(old.log).toEqual(['state:connecting']);
  });

  it('a socket that stops answering keep-alives is given up and reopened', () => {
    const { log, observer } = recorder();
    channel.attach({ sessionId: 's1' }, observer);
    socket().open();
    vi.advanceTimersByTime(1_000);
    expect(socket().sent.at(-1)).toEqual({ type: 'ping' });
    socket().deliver({ type: 'pong' });
    vi.advanceTimersByTime(1_000);
    expect(socket().sent.filter((f) => f.type === 'ping')).toHaveLength(2);
    const dead = socket();
    vi.advanceTimersByTime(2_000); // no pong this time
    expect(dead.closedWith).toBe(4000);
    expect(log).toContain('state:connecting');
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
  });

  it('close() refuses what is in flight and never reconnects', async () => {
    channel.attach({ sessionId: 's1' }, recorder().observer);
    socket().open();
    const typed = channel.input({ data: 'x' });
    channel.close();
    await expect(typed).rejects.toMatchObject({ code: 'CLIENT_CLOSED_REQUEST' });
    expect(socket().closedWith).toBe(1000);
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
    await expect(channel.input({ data: 'y' })).rejects.toMatchObject({ code: 'CLIENT_CLOSED_REQUEST' });
  });

  it('ignores frames it does not know (a newer daemon)', () => {
    const { log, observer } = recorder();
    channel.attach({ sessionId: 's1' }, observer);
    socket().open();
    socket().onmessage?.({ data: 'Zsomething new' });
    socket().onmessage?.({ data: new Uint8Array([1, 2]) });
    expect(log).toEqual([]);
  });
});
