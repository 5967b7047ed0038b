// Reading many panes' history (scrollback + screen) in one tmux invocation, as plain text lines,
// for search. Pure: the script and a streaming parser; pane-history-stream.ts runs tmux.
import { paneTarget, sessionTarget } from './tmux-args.ts';
import { scriptArg } from './tmux-script.ts';

/** Lines per block handed to the consumer: small enough to bound memory, big enough to be cheap. */
export const HISTORY_BLOCK_LINES = 1_000;

/** `display-message` before each capture: which session, and how many lines follow. */
const HEADER_FORMAT = '#{session_name}\t#{history_size}\t#{pane_height}';

/**
 * A run of consecutive lines of one session's history, as one string: `count` lines joined by
 * `\n` (no newline at the end). One string per block instead of one per line: a search of a
 * million lines then allocates a few thousand strings, not a million.
 */
export interface HistoryBlock {
  /** The tmux session name. */
  name: string;
  /** 0-based index of the block's first line in the session's capture (0 = the oldest). */
  first: number;
  text: string;
  count: number;
  /** Lines in the whole capture (history + screen): the last line is `total - 1`. */
  total: number;
}

/** The lines of a block (for a consumer that wants them one by one). */
export function blockLines(block: Pick<HistoryBlock, 'text'>): string[] {
  return block.text.split('\n');
}

/**
 * The script for `source-file -`: one line per session, `display-message` (the header) then
 * `capture-pane` of the whole history and screen (no escapes, rows as tmux stores them, so line
 * numbers are the rows a terminal shows). Each session is its own line, so tmux runs it as its
 * own group: a session that is gone fails its line alone, and the others still run. The commands
 * of a line run back to back, with no pane output in between, so the header's count is exactly
 * the number of lines the capture prints. `has-session` goes first because `display-message`
 * falls back to another session when its target is gone; `has-session` fails instead.
 */
export function historyScript(names: readonly string[]): string {
  return names
    .map((name) => {
      const target = paneTarget(name);
      const commands = [
        ['has-session', '-t', sessionTarget(name)],
        ['display-message', '-p', '-t', target, HEADER_FORMAT],
        ['capture-pane', '-p', '-S', '-', '-t', target],
      ];
      return `${commands.map((command) => command.map(scriptArg).join(' ')).join(' ; ')}\n`;
    })
    .join('');
}

/**
 * Turns the output of `historyScript(names)` into blocks, chunk by chunk, holding at most one
 * partial line and one block. Lines are counted from each header, never recognised by their
 * text, so no pane content can pass for a header. A session whose header is missing (it ended)
 * or names another session is skipped.
 */
export class HistoryParser {
  private next = 0;
  private partial = '';
  private current: { name: string; total: number; index: number } | null = null;
  /** Sessions whose capture arrived complete, in order. */
  readonly seen: string[] = [];

  constructor(
    private readonly names: readonly string[],
    private readonly blockLines = HISTORY_BLOCK_LINES,
  ) {}

  /**
   * Feeds a chunk of stdout; returns the blocks it completed. Blocks are slices of the chunk;
   * only the line a chunk boundary cut in two is put back together (a chunk is never copied).
   */
  push(chunk: string): HistoryBlock[] {
    const out: HistoryBlock[] = [];
    let pos = 0;
    if (this.partial !== '') {
      const end = chunk.indexOf('\n');
      if (end < 0) {
        this.partial += chunk;
        return out;
      }
      const line = this.partial + chunk.slice(0, end);
      this.partial = '';
      if (this.current) this.emit(line, 1, out);
      else this.header(line);
      pos = end + 1;
    }
    while (pos < chunk.length) {
      const current = this.current;
      if (!current) {
        const end = chunk.indexOf('\n', pos);
        if (end < 0) break;
        this.header(chunk.slice(pos, end));
        pos = end + 1;
        continue;
      }
      // As many whole lines of this session as the chunk holds (up to a block).
      const want = Math.min(current.total - current.index, this.blockLines);
      let count = 0;
      let last = -1;
      for (let at = pos; count < want; count++) {
        const end = chunk.indexOf('\n', at);
        if (end < 0) break;
        last = end;
        at = end + 1;
      }
      if (count === 0) break;
      this.emit(chunk.slice(pos, last), count, out);
      pos = last + 1;
    }
    if (pos < chunk.length) this.partial = chunk.slice(pos);
    return out;
  }

  /** True when the output so far ends between two sessions (not cut short inside a capture). */
  get complete(): boolean {
    return this.partial === '' && this.current === null;
  }

  /** `count` lines of the current session as a block; the session ends after its last line. */
  private emit(text: string, count: number, out: HistoryBlock[]): void {
    const current = this.current;
    if (!current) return;
    out.push({ name: current.name, first: current.index, text, count, total: current.total });
    current.index += count;
    if (current.index === current.total) {
      this.seen.push(current.name);
      this.current = null;
    }
  }

  private header(line: string): void {
    const header = parseHeader(line);
    if (!header)
      throw new Error(
        `unexpected line in tmux history output: ${JSON.stringify(line.slice(0, 80))}`,
      );
    // Sessions come in the order asked for; one that is gone prints nothing (see historyScript).
    const at = this.names.indexOf(header.name, this.next);
    if (at < 0)
      throw new Error(
        `tmux history output names a session not asked for: ${JSON.stringify(header.name)}`,
      );
    this.next = at + 1;
    if (header.total > 0) this.current = { name: header.name, total: header.total, index: 0 };
    else this.seen.push(header.name);
  }
}

function parseHeader(line: string): { name: string; total: number } | undefined {
  const fields = line.split('\t');
  if (fields.length !== 3) return undefined;
  const history = Number(fields[1]);
  const height = Number(fields[2]);
  if (!Number.isSafeInteger(history) || !Number.isSafeInteger(height) || history < 0 || height < 0)
    return undefined;
  return { name: fields[0] ?? '', total: history + height };
}
