import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** How much of the end of the log `tail` reads to find the last lines. */
const TAIL_WINDOW_BYTES = 4 * 1024 * 1024;
/** How often `follow` looks for new lines. */
export const FOLLOW_POLL_MS = 250;

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** The last `count` lines of a file (whole lines only) and the offset it was read to. */
export function tailLines(file: string, count: number): { lines: string[]; end: number } {
  const size = statSync(file).size;
  const start = Math.max(0, size - TAIL_WINDOW_BYTES);
  const text = readRange(file, start, size);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (start > 0) lines.shift(); // the first line is probably cut
  return { lines: lines.slice(-count), end: size };
}

/**
 * Calls `onLine` for every line appended after `from`, until the returned stop() is called.
 * A log that shrank (rotated or truncated) is read again from its start.
 */
export function followLines(
  file: string,
  from: number,
  onLine: (line: string) => void,
): { stop(): void } {
  let position = from;
  let carry = '';
  const timer = setInterval(() => {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return; // between a rotation and the new file
    }
    if (size < position) {
      position = 0;
      carry = '';
    }
    if (size === position) return;
    const text = carry + readRange(file, position, size);
    position = size;
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  }, FOLLOW_POLL_MS);
  return { stop: () => clearInterval(timer) };
}

/** A pino JSON line as `time LEVEL message key=value ...`; other lines unchanged. */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (!entry || typeof entry !== 'object') return line;
  const { time, level, msg, pid: _pid, hostname: _host, ...rest } = entry;
  const levelName = typeof level === 'number' ? (LEVELS[level] ?? String(level)) : text(level);
  const extra = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return [text(time), levelName.padEnd(5), text(msg), extra].filter(Boolean).join(' ');
}

function readRange(file: string, start: number, end: number): string {
  if (end <= start) return '';
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** A log field as text: strings as they are, anything else as JSON. */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
