/**
 * Small formatters for human output. Dates arrive from the API as ISO strings (no transformer
 * on the wire) even where the router's types say `Date`, so every helper takes both.
 */
export type DateLike = Date | string | number | null | undefined;

export function toDate(value: DateLike): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "12s ago", "5m ago", "3h ago", "4d ago"; "-" for no date; "in 2d" for the future. */
export function ago(value: DateLike, now: number = Date.now()): string {
  const date = toDate(value);
  if (!date) return '-';
  const seconds = Math.round((now - date.getTime()) / 1000);
  const span = duration(Math.abs(seconds));
  return seconds >= 0 ? `${span} ago` : `in ${span}`;
}

/** Whole seconds as the largest fitting unit: 45s, 12m, 5h, 3d. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** `/home/me/src/x` → `~/src/x`. */
export function tildify(path: string, home: string): string {
  if (!home || home === '/') return path;
  if (path === home) return '~';
  return path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/** The shortest prefix length, at least `min`, at which every id is distinct (like git). */
export function uniquePrefixLength(ids: readonly string[], min = 8): number {
  const sorted = [...new Set(ids)].sort();
  let length = min;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    let common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    length = Math.max(length, common + 1);
  }
  return length;
}

/** Parses "90s", "15m", "12h", "30d", "2w" (or bare seconds) into seconds; null if invalid. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)\s*([smhdw]?)$/.exec(text.trim());
  if (!match) return null;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[
    match[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'
  ];
  const seconds = Number(match[1]) * unit;
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : null;
}
