import { describe, expect, it } from 'vitest';
import { ago, duration, parseDuration, tildify, toDate, uniquePrefixLength } from './values.ts';

describe('values', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  it('ago takes dates and ISO strings (the wire has no transformer)', () => {
    expect(ago('2025-01-01T11:59:30Z', now)).toBe('30s ago');
    expect(ago(new Date('2025-01-01T11:00:00Z'), now)).toBe('1h ago');
    expect(ago('2024-12-29T12:00:00Z', now)).toBe('3d ago');
    expect(ago('2025-01-03T12:00:00Z', now)).toBe('in 2d');
    expect(ago(null, now)).toBe('-');
    expect(toDate('not a date')).toBeNull();
  });

  it('duration picks the largest unit', () => {
    expect([duration(5), duration(125), duration(7200), duration(90000)]).toEqual([
      '5s',
      '2m',
      '2h',
      '1d',
    ]);
  });

  it('tildify shortens paths under home only', () => {
    expect(tildify('/home/me/src', '/home/me')).toBe('~/src');
    expect(tildify('/home/me', '/home/me')).toBe('~');
    expect(tildify('/home/meow', '/home/me')).toBe('/home/meow');
  });

  it('uniquePrefixLength grows until every id is distinct', () => {
    expect(uniquePrefixLength(['abcdef0123', 'abcdef4567'])).toBe(8);
    expect(uniquePrefixLength(['abcdefgh01', 'abcdefgh02'])).toBe(10);
    expect(uniquePrefixLength([])).toBe(8);
  });

  it('parseDuration reads units and refuses nonsense', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('12h')).toBe(43_200);
    expect(parseDuration('30d')).toBe(2_592_000);
    expect(parseDuration('2w')).toBe(1_209_600);
    expect(parseDuration('0')).toBeNull();
    expect(parseDuration('1y')).toBeNull();
    expect(parseDuration('-5m')).toBeNull();
  });
});
