import { describe, expect, it } from 'vitest';
import { streamEventId, streamEventSeq, unwrapStreamEvent } from './terminal-stream.ts';

describe('terminal stream ids', () => {
  it('reads back the seq of an id from the same epoch', () => {
    expect(streamEventSeq(streamEventId('a1b2', 42), 'a1b2')).toBe(42);
    expect(streamEventId('a1b2', 0)).toBe('a1b2:0');
  });

  it('treats an id from another epoch, a bare seq or garbage as unknown (the client gets a snapshot)', () => {
    expect(streamEventSeq('ffff:42', 'a1b2')).toBeUndefined();
    expect(streamEventSeq('42', 'a1b2')).toBeUndefined();
    expect(streamEventSeq('a1b2:4x', 'a1b2')).toBeUndefined();
    expect(streamEventSeq('a1b2:-1', 'a1b2')).toBeUndefined();
    expect(streamEventSeq('a1b2:99999999999999999999', 'a1b2')).toBeUndefined();
    expect(streamEventSeq(null, 'a1b2')).toBeUndefined();
  });

  it('unwraps tracked events and passes untracked ones through', () => {
    expect(unwrapStreamEvent({ id: 'e:1', data: { type: 'output', data: 'x' } })).toEqual({
      id: 'e:1',
      event: { type: 'output', data: 'x' },
    });
    expect(unwrapStreamEvent({ type: 'exit', code: 3 })).toEqual({
      id: undefined,
      event: { type: 'exit', code: 3 },
    });
  });
});
