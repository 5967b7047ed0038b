import { describe, expect, it } from 'vitest';
import { inQuietHours, NotificationGate, type GateSettings } from './notification-gate.ts';
import { NOTIFICATION_STATES } from './notification-settings.ts';

function gate(overrides: Partial<GateSettings> = {}) {
  let nowMs = new Date(2026, 0, 5, 12, 0, 0).getTime();
  const g = new NotificationGate(
    { states: new Set(NOTIFICATION_STATES), minIntervalMs: 15_000, quietHours: null, ...overrides },
    () => new Date(nowMs),
  );
  return { g, advance: (ms: number) => (nowMs += ms) };
}

describe('NotificationGate', () => {
  it('sends one notification per state change: the same state reported twice is one', () => {
    const { g } = gate();
    g.observe('s1', 'waiting');
    expect(g.decide('s1', 'waiting')).toEqual({ kind: 'send' });
    g.observe('s1', 'waiting');
    expect(g.decide('s1', 'waiting')).toEqual({ kind: 'duplicate' });
  });

  it('a new state of the session is sent, but not sooner than the interval after the last', () => {
    const { g, advance } = gate();
    g.observe('s1', 'waiting');
    expect(g.decide('s1', 'waiting').kind).toBe('send');
    g.observe('s1', null);
    advance(5_000);
    g.observe('s1', 'permission');
    expect(g.decide('s1', 'permission')).toEqual({ kind: 'later', afterMs: 10_000 });
    advance(10_000);
    expect(g.decide('s1', 'permission')).toEqual({ kind: 'send' });
  });

  it('the ask after the wait goes whatever the clock says (a frozen test clock cannot loop it)', () => {
    const { g } = gate();
    g.observe('s1', 'waiting');
    g.decide('s1', 'waiting');
    g.observe('s1', 'error');
    expect(g.decide('s1', 'error').kind).toBe('later');
    expect(g.decide('s1', 'error', true)).toEqual({ kind: 'send' });
  });

  it('a deferred notification is dropped when the session moved on before its turn', () => {
    const { g, advance } = gate();
    g.observe('s1', 'waiting');
    g.decide('s1', 'waiting');
    g.observe('s1', null);
    g.observe('s1', 'waiting');
    expect(g.decide('s1', 'waiting').kind).toBe('later');
    g.observe('s1', null); // answered meanwhile
    advance(20_000);
    expect(g.decide('s1', 'waiting')).toEqual({ kind: 'duplicate' });
  });

  it('sessions are limited separately', () => {
    const { g } = gate();
    g.observe('a', 'waiting');
    g.observe('b', 'waiting');
    expect(g.decide('a', 'waiting').kind).toBe('send');
    expect(g.decide('b', 'waiting').kind).toBe('send');
  });

  it('states not configured are not sent', () => {
    const { g } = gate({ states: new Set(['waiting'] as const) });
    g.observe('s1', 'finished');
    expect(g.decide('s1', 'finished')).toEqual({ kind: 'disabled' });
  });

  it('quiet hours drop the notification', () => {
    const { g } = gate({ quietHours: { startMinute: 11 * 60, endMinute: 13 * 60 } });
    g.observe('s1', 'error');
    expect(g.decide('s1', 'error')).toEqual({ kind: 'quiet' });
    expect(g.decide('s1', 'error')).toEqual({ kind: 'duplicate' });
  });
});

describe('inQuietHours', () => {
  const at = (h: number, m = 0) => new Date(2026, 0, 5, h, m);
  it('handles a range within a day and one across midnight', () => {
    const day = { startMinute: 9 * 60, endMinute: 17 * 60 };
    expect(inQuietHours(at(9), day)).toBe(true);
    expect(inQuietHours(at(16, 59), day)).toBe(true);
    expect(inQuietHours(at(17), day)).toBe(false);
    const night = { startMinute: 22 * 60, endMinute: 7 * 60 };
    expect(inQuietHours(at(23, 30), night)).toBe(true);
    expect(inQuietHours(at(3), night)).toBe(true);
    expect(inQuietHours(at(7), night)).toBe(false);
    expect(inQuietHours(at(12), night)).toBe(false);
    expect(inQuietHours(at(12), null)).toBe(false);
  });
});
