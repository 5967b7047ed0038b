import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  screenTail,
  stallMessage,
  stallSeverity,
  waitingSeverity,
} from './insight-rules.ts';

describe('insight rules', () => {
  it('a stall rises from warning to critical at three thresholds', () => {
    expect(stallSeverity(300_000, 300_000)).toBe('warning');
    expect(stallSeverity(899_999, 300_000)).toBe('warning');
    expect(stallSeverity(900_000, 300_000)).toBe('critical');
  });

  it('waiting rises from info to warning', () => {
    expect(waitingSeverity(60_000, 60_000)).toBe('info');
    expect(waitingSeverity(180_000, 60_000)).toBe('warning');
  });

  it('formats durations for people', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(6 * 60_000 + 5_000)).toBe('6 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(120 * 60_000)).toBe('2 h');
    expect(stallMessage('api', 360_000, 300_000)).toBe(
      'Session "api" looks busy but its screen has not changed for 6 min (threshold 5 min)',
    );
  });

  it('keeps the last lines of a screen', () => {
    expect(screenTail('a\nb\nc\nd\ne\nf\ng\n\n\n')).toBe('b\nc\nd\ne\nf\ng');
  });
});
