import { describe, expect, it } from 'vitest';
import {
  decodeClientFrame,
  decodeServerFrame,
  encodeClientFrame,
  encodeServerFrame,
  type ChannelClientFrame,
  type ChannelServerFrame,
} from './terminal-channel.ts';

describe('terminal channel frames', () => {
  const serverFrames: ChannelServerFrame[] = [
    { type: 'event', id: 'a1b2c3d4:17', event: { type: 'output', data: 'line\r\n\x1b[31mred\x1b[0m\n\u00e9\u{1f600}' } },
    { type: 'event', id: 'a1b2c3d4:0', event: { type: 'output', data: '' } },
    { type: 'event', id: 'a1b2c3d4:3', event: { type: 'snapshot', data: '\x1b[H\x1b[2Jscreen', cols: 120, rows: 40 } },
    { type: 'event', id: 'a1b2c3d4:3', event: { type: 'resume', cols: 80, rows: 24 } },
    { type: 'event', id: 'a1b2c3d4:9', event: { type: 'size', cols: 100, rows: 30 } },
    { type: 'event', event: { type: 'exit', code: 3 } },
    { type: 'event', event: { type: 'suspended' } },
    { type: 'ended' },
    { type: 'ok', ref: 42 },
    { type: 'error', ref: 7, code: 'TOO_MANY_REQUESTS', message: 'too many terminal calls' },
    { type: 'error', code: 'NOT_FOUND', message: 'session not found' },
    { type: 'pong' },
  ];

  it.each(serverFrames.map((frame) => [frame.type, frame] as const))('daemon → client: %s survives the round trip', (_type, frame) => {
    expect(decodeServerFrame(encodeServerFrame(frame))).toEqual(frame);
  });

  it('sends output as the bytes themselves after a one-line header, not as JSON', () => {
    const data = '\x1b[1mbold\x1b[0m "quoted" \\ back';
    const text = encodeServerFrame({ type: 'event', id: 'e:5', event: { type: 'output', data } });
    expect(text).toBe(`oe:5\n${data}`);
  });

  const clientFrames: ChannelClientFrame[] = [
    { type: 'open', input: { sessionId: 's1', clientId: 'web-1', cols: 80, rows: 24, historyLines: 100, lastEventId: 'e:4' } },
    { type: 'stop' },
    { type: 'input', ref: 1, data: 'ls -la\r', seq: 1733000000000000 },
    { type: 'input', ref: 2, data: 'a\nb\nc' },
    { type: 'input', ref: 3, data: '' },
    { type: 'resize', ref: 4, cols: 132, rows: 43, claim: true },
    { type: 'resize', ref: 5, cols: 80, rows: 24 },
    { type: 'ping' },
  ];

  it.each(clientFrames.map((frame) => [frame.type, frame] as const))('client → daemon: %s survives the round trip', (_type, frame) => {
    expect(decodeClientFrame(encodeClientFrame(frame))).toEqual(frame);
  });

  it('sends a keystroke as one short line', () => {
    expect(encodeClientFrame({ type: 'input', ref: 12, data: 'x', seq: 99 })).toBe('i12,99\nx');
  });

  it.each([
    ['empty', ''],
    ['an unknown kind', 'z whatever'],
    ['input with no header line', 'i12,99'],
    ['input with a bad ref', 'i-1,\nx'],
    ['input with a fractional seq', 'i1,2.5\nx'],
    ['input with a seq in hex', 'i1,0x10\nx'],
    ['input with an extra field', 'i1,2,3\nx'],
    ['input without a seq field', 'i1\nx'],
    ['an open that is not JSON', 'a{"sessionId":'],
    ['an open that is an array', 'a[1,2]'],
    ['a resize that is not an object', 'r"80x24"'],
    ['a resize with a fractional ref', 'r{"ref":1.5,"cols":80,"rows":24}'],
    ['a stop with a payload', 'stop'],
    ['a ping with a payload', 'ping'],
  ])('a client frame that is %s decodes to null', (_what, text) => {
    expect(decodeClientFrame(text)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['output without a header line', 'oe:5'],
    ['an event that is not JSON', 'e{'],
    ['an event without an event', 'e{"id":"e:1"}'],
    ['an ok without a ref', 'k'],
    ['an error that is not JSON', 'x!'],
  ])('a daemon frame that is %s decodes to null', (_what, text) => {
    expect(decodeServerFrame(text)).toBeNull();
  });
});
