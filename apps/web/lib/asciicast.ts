/** An asciicast v2 recording: the header's size and the output events, in order. */
export interface Asciicast {
  width: number;
  height: number;
  /** Output (`"o"`) events: seconds since the start, and the text written. */
  events: { time: number; data: string }[];
}

/**
 * Parses asciicast v2 (a JSON header line, then one `[time, code, data]` line per event). Only
 * output events are kept; a malformed line (the half-written last one of a live recording) is
 * skipped. Throws when the header is not asciicast v2.
 */
export function parseAsciicast(text: string): Asciicast {
  const lines = text.split('\n');
  let header: { version?: unknown; width?: unknown; height?: unknown };
  try {
    header = JSON.parse(lines[0] ?? '') as typeof header;
  } catch {
    throw new Error('not an asciicast recording (no header)');
  }
  if (header?.version !== 2) throw new Error('not an asciicast v2 recording');
  const size = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
  const events: Asciicast['events'] = [];
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (!Array.isArray(event) || event.length < 3) continue;
    const [time, code, data] = event as unknown[];
    if (code !== 'o' || typeof time !== 'number' || typeof data !== 'string') continue;
    events.push({ time: Math.max(0, time), data });
  }
  return { width: size(header.width, 80), height: size(header.height, 24), events };
}

/** Every page of a recording (`recordings.get`), concatenated. */
export async function fetchAllPages(
  get: (offset: number) => Promise<{ text: string; nextOffset: number | null }>,
): Promise<string> {
  let text = '';
  let offset: number | null = 0;
  while (offset !== null) {
    const page: { text: string; nextOffset: number | null } = await get(offset);
    text += page.text;
    if (page.nextOffset !== null && page.nextOffset <= offset) break;
    offset = page.nextOffset;
  }
  return text;
}

/**
 * Each event's time on the player's clock: the recording's own times, except that idle gaps
 * longer than `maxGap` seconds (including the wait before the first event) are cut to it.
 */
export function playbackTimes(events: Asciicast['events'], maxGap: number): number[] {
  const times: number[] = [];
  let previous = 0;
  let clock = 0;
  for (const event of events) {
    clock += Math.min(maxGap, Math.max(0, event.time - previous));
    previous = Math.max(previous, event.time);
    times.push(clock);
  }
  return times;
}

/** How many events are on screen at `time`: those whose time is at or before it (binary search). */
export function eventsUpTo(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] ?? Infinity) <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** `m:ss` (or `h:mm:ss`) for the player's position and length. */
export function formatPlaybackTime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const s = String(total % 60).padStart(2, '0');
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The name a downloaded recording is saved under: the session's name, made safe for a file. */
export function castFileName(sessionName: string): string {
  const base = sessionName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'recording'}.cast`;
}

/** asciicast v2's media type (asciinema's own); the file is the API's text, byte for byte. */
export const ASCIICAST_MEDIA_TYPE = 'application/x-asciicast';
