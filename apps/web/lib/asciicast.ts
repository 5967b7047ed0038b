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
