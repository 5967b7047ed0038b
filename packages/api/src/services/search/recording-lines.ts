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
}

/**
 * The transcript of a recording in blocks of at most `blockLines`, read a line (an event) at a
 * time, so memory stays at one block whatever the file's size. Events that are not output, and
 * lines that are not JSON (a torn last line while the session records), are skipped. A missing
 * file yields nothing.
 */
export async function* recordingBlocks(
  file: string,
  { blockLines, signal }: { blockLines: number; signal?: AbortSignal },
): AsyncGenerator<RecordingBlock> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const opened = await new Promise<boolean>((resolve) => {
    stream.once('open', () => resolve(true));
    stream.once('error', () => resolve(false));
  });
  if (!opened) return;
  const events = createInterface({ input: stream, crlfDelay: Infinity });
  const builder = new TranscriptBuilder();
  let lines: string[] = [];
  let times: number[] = [];
  let first = 0;
  let header = true;
  let time = 0;
  const take = (): RecordingBlock => {
    const block = { first, text: lines.join('\n'), count: lines.length, times };
    first += lines.length;
    lines = [];
    times = [];
    return block;
  };
  const add = (done: string[]): boolean => {
    for (const line of done) {
      lines.push(line);
      times.push(time);
    }
    return lines.length >= blockLines;
  };
  try {
    for await (const event of events) {
      signal?.throwIfAborted();
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
