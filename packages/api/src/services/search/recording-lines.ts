// A recording (asciicast v2) read as blocks of transcript lines, streamed from the file.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { TranscriptBuilder } from './transcript.ts';

/** A run of transcript lines; `times[i]` is when line `first + i` ended, in seconds from the start. */
export interface RecordingBlock {
  /** 0-based index of the block's first line in the transcript. */
  first: number;
  /** The lines joined by "\n", as the matchers take them. */
  text: string;
  count: number;
  times: number[];
  /**
   * Where a later read resumes after line `first + i` (see `after`), instead of parsing the file
   * from its start again: the byte offset of the event in which the line ended, and how many
   * lines ended in that event up to it (1 when it was the first).
   */
  ends: Array<{ offset: number; drop: number }>;
}

/**
 * Where to resume: after line `line` (1-based), which ended in the event at byte `offset`, the
 * `drop`th line to end in it.
 */
export interface RecordingResume {
  offset: number;
  drop: number;
  line: number;
}

/**
 * The transcript of a recording in blocks of at most `blockLines`, read a line (an event) at a
 * time, so memory stays at one block whatever the file's size. Events that are not output, and
 * lines that are not JSON (a torn last line while the session records), are skipped. A missing
 * file yields nothing. `after` resumes after a line: reading starts at the event where that line
 * ended, and the lines that event ends up to it are dropped (a page of a large recording costs
 * the same as the first, instead of parsing everything before it again).
 */
export async function* recordingBlocks(
  file: string,
  {
    blockLines,
    signal,
    after,
  }: { blockLines: number; signal?: AbortSignal; after?: RecordingResume },
): AsyncGenerator<RecordingBlock> {
  const stream = createReadStream(file, {
    encoding: 'utf8',
    highWaterMark: 256 * 1024,
    start: after?.offset ?? 0,
  });
  const opened = await new Promise<boolean>((resolve) => {
    stream.once('open', () => resolve(true));
    stream.once('error', () => resolve(false));
  });
  if (!opened) return;
  const events = createInterface({ input: stream, crlfDelay: Infinity });
  const builder = new TranscriptBuilder();
  let lines: string[] = [];
  let times: number[] = [];
  let ends: Array<{ offset: number; drop: number }> = [];
  let first = after?.line ?? 0;
  // A resumed read starts inside the transcript: no header, and the first lines it finishes end
  // lines already searched.
  let header = after === undefined;
  let drop = after?.drop ?? 0;
  let time = 0;
  let offset = after?.offset ?? 0;
  let eventOffset = offset;
  const take = (): RecordingBlock => {
    const block = { first, text: lines.join('\n'), count: lines.length, times, ends };
    first += lines.length;
    lines = [];
    times = [];
    ends = [];
    return block;
  };
  const add = (done: string[]): boolean => {
    for (const [i, line] of done.entries()) {
      if (drop > 0) {
        drop -= 1;
        continue;
      }
      lines.push(line);
      times.push(time);
      ends.push({ offset: eventOffset, drop: i + 1 });
    }
    return lines.length >= blockLines;
  };
  try {
    for await (const event of events) {
      signal?.throwIfAborted();
      eventOffset = offset;
      offset += Buffer.byteLength(event, 'utf8') + 1;
      if (header) {
        header = false;
        continue;
      }
      const output = parseOutputEvent(event);
      if (!output) continue;
      time = output.time;
      if (add(builder.write(output.data))) yield take();
    }
    add(builder.flush());
    if (lines.length > 0) yield take();
  } finally {
    events.close();
    stream.destroy();
  }
}

/** An `o` event's time and data, or undefined for anything else. */
export function parseOutputEvent(line: string): { time: number; data: string } | undefined {
  // Cheap check first: most events are output, and JSON.parse is the cost.
  if (!line.includes('"o"')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (
      !Array.isArray(value) ||
      value[1] !== 'o' ||
      typeof value[0] !== 'number' ||
      typeof value[2] !== 'string'
    )
      return undefined;
    return { time: value[0], data: value[2] };
  } catch {
    return undefined;
  }
}
