import { describe, expect, it } from 'vitest';
import {
  applyInsight,
  applyStatus,
  mergeFleet,
  newStall,
  NOTHING_LIVE,
  sessionLabel,
  startsWaiting,
  updateMachine,
  type FleetLive,
  type StatusChangeEvent,
} from './fleet-status';
import type { Insight } from './types';

function change(over: Partial<StatusChangeEvent> & { sessionId: string }): StatusChangeEvent {
  return {
    status: 'waiting',
    previous: 'running',
    at: '2026-12-07T09:00:00.000Z',
    source: 'hook',
    ...over,
  };
}

function insight(over: Partial<Insight> & { id: string }): Insight {
  return {
    type: 'stall_detected',
    sessionId: 's1',
    message: 'No output for 10 minutes',
    resolvedAt: null,
    createdAt: '2026-12-07T09:00:00.000Z',
    ...over,
  } as unknown as Insight;
}

describe('the fleet’s live statuses', () => {
  it('keys this machine’s sessions bare and a host’s qualified, each machine’s kept apart', () => {
    let fleet: FleetLive = new Map();
    fleet = updateMachine(fleet, null, (live) => applyStatus(live, change({ sessionId: 'a' })));
    fleet = updateMachine(fleet, 'gpu', (live) =>
      applyStatus(live, change({ sessionId: 'a', status: 'idle', message: 'done' })),
    );
    // The same bare id on two machines is two sessions.
    expect([...(fleet.get(null)?.statuses.keys() ?? [])]).toEqual(['a']);
    expect([...(fleet.get('gpu')?.statuses.keys() ?? [])]).toEqual(['a']);
    const merged = mergeFleet(fleet);
    expect(merged.statuses.get('a')?.status).toBe('waiting');
    expect(merged.statuses.get('gpu:a')).toMatchObject({ status: 'idle', message: 'done' });
    expect(merged.statuses.size).toBe(2);
  });

  it('a prompt event keeps the time the wait began; a real change takes its own', () => {
    let live = applyStatus(NOTHING_LIVE, change({ sessionId: 'a', at: 't1' }));
    live = applyStatus(live, change({ sessionId: 'a', at: 't2', source: 'prompt' }));
    expect(live.statuses.get('a')?.at).toBe('t1');
    live = applyStatus(live, change({ sessionId: 'a', at: 't3', status: 'running' }));
    expect(live.statuses.get('a')).toMatchObject({ status: 'running', at: 't3' });
  });

  it('a host’s insights are qualified with their sessions, and its stalls count under its key', () => {
    let fleet: FleetLive = new Map();
    fleet = updateMachine(fleet, 'gpu', (live) =>
      applyInsight(live, { kind: 'snapshot', insight: insight({ id: 'i1', sessionId: 's1' }) }),
    );
    fleet = updateMachine(fleet, null, (live) =>
      applyInsight(live, { kind: 'created', insight: insight({ id: 'i2', sessionId: 's2' }) }),
    );
    const merged = mergeFleet(fleet);
    expect(merged.insights.get('gpu:i1')).toMatchObject({ id: 'gpu:i1', sessionId: 'gpu:s1' });
    expect(merged.insights.get('i2')).toMatchObject({ id: 'i2', sessionId: 's2' });
    expect([...merged.stalled].sort()).toEqual(['gpu:s1', 's2']);
    // The host's own view is untouched: its panel resolves insights by its own ids.
    expect(fleet.get('gpu')?.insights.get('i1')?.sessionId).toBe('s1');
  });

  it('a resolved insight leaves, and its session is no longer stalled', () => {
    let live = applyInsight(NOTHING_LIVE, { kind: 'created', insight: insight({ id: 'i1' }) });
    live = applyInsight(live, { kind: 'resolved', insight: insight({ id: 'i1' }) });
    expect(live.insights.size).toBe(0);
    live = applyInsight(live, { kind: 'created', insight: insight({ id: 'i2' }) });
    live = applyInsight(live, {
      kind: 'updated',
      insight: insight({ id: 'i2', resolvedAt: '2026-12-07T09:05:00.000Z' }),
    });
    expect(mergeFleet(new Map([['gpu', live]])).stalled.size).toBe(0);
  });

  it('a host that went away keeps its last word: nothing changes until its stream says so', () => {
    let fleet: FleetLive = new Map();
    fleet = updateMachine(fleet, 'gpu', (live) => applyStatus(live, change({ sessionId: 'a' })));
    // No event for the host (it is unreachable): its waiting session still waits.
    fleet = updateMachine(fleet, null, (live) =>
      applyStatus(live, change({ sessionId: 'b', status: 'running' })),
    );
    expect(mergeFleet(fleet).statuses.get('gpu:a')?.status).toBe('waiting');
    // Back, its snapshot says it was answered meanwhile.
    fleet = updateMachine(fleet, 'gpu', (live) =>
      applyStatus(
        live,
        change({ sessionId: 'a', status: 'idle', previous: null, source: 'snapshot' }),
      ),
    );
    expect(mergeFleet(fleet).statuses.get('gpu:a')?.status).toBe('idle');
  });

  it('tells of a session that starts waiting and of a new stall, not of snapshots or repeats', () => {
    expect(startsWaiting(change({ sessionId: 'a' }))).toBe(true);
    expect(startsWaiting(change({ sessionId: 'a', source: 'snapshot', previous: null }))).toBe(
      false,
    );
    expect(startsWaiting(change({ sessionId: 'a', previous: 'waiting', source: 'prompt' }))).toBe(
      false,
    );
    expect(startsWaiting(change({ sessionId: 'a', status: 'idle' }))).toBe(false);
    expect(newStall({ kind: 'created', insight: insight({ id: 'i' }) })).toBe(true);
    expect(newStall({ kind: 'snapshot', insight: insight({ id: 'i' }) })).toBe(false);
    expect(newStall({ kind: 'created', insight: insight({ id: 'i', sessionId: null }) })).toBe(
      false,
    );
  });

  it('names a host’s session with its host, this machine’s by its name alone', () => {
    expect(sessionLabel('trainer', 'gpu')).toBe('trainer on gpu');
    expect(sessionLabel('trainer', null)).toBe('trainer');
  });
});
