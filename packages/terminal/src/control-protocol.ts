// tmux control mode (`tmux -C`), the wire format: lines from the server, command lines to it.
// See tmux(1) "CONTROL MODE". Output from panes arrives as `%output %<pane> <escaped bytes>`,
// replies to our commands between `%begin <time> <number> <flags>` and a matching `%end`/`%error`.

/** One parsed line (or reply block) from a control client's stdout. */
export type ControlMessage =
  /** Bytes a pane wrote (already unescaped). */
  | { kind: 'output'; pane: string; data: Buffer }
  /** The reply to one of OUR command lines, in the order they were sent. */
  | { kind: 'reply'; lines: string[]; error: boolean }
  /** A reply block is starting; what was output before it precedes the command's effect. */
  | { kind: 'begin' }
  /** `%pause %<pane>` / `%continue %<pane>` (flow control, `pause-after`). */
  | { kind: 'pause' | 'continue'; pane: string }
  /** `%layout-change`: the window's new size. */
  | { kind: 'layout'; cols: number; rows: number }
  /** `%exit [reason]`: the client is detaching (session gone, server exiting, detached). */
  | { kind: 'exit'; reason: string }
  /** Any other notification (`%session-changed`, `%window-add`, ...), ignored by the hub. */
  | { kind: 'notification'; name: string };

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

/**
 * Splits a control client's stdout into messages. Pure and synchronous, so messages come out in
 * exactly the order tmux wrote them: a reply's `begin` marks the stream position at which the
 * command ran (tmux queues pane output and replies on one ordered list per client, 3.2+).
 */
export class ControlParser {
  private partial: Buffer | null = null;
  private block: { header: string; lines: string[]; ours: boolean } | null = null;

  constructor(private readonly emit: (message: ControlMessage) => void) {}

  feed(chunk: Buffer): void {
    let data = chunk;
    if (this.partial) {
      data = Buffer.concat([this.partial, chunk]);
      this.partial = null;
    }
    let start = 0;
    for (;;) {
      const end = data.indexOf(NEWLINE, start);
      if (end === -1) break;
      this.line(data.subarray(start, end));
      start = end + 1;
    }
    if (start < data.length) this.partial = Buffer.from(data.subarray(start));
  }

  private line(raw: Buffer): void {
    if (this.block) {
      // Inside a reply: only the exact matching %end/%error closes it (a captured screen line
      // may itself start with `%`).
      const text = raw.toString('utf8');
      const close = /^%(end|error) (\d+ \d+ \d+)$/.exec(text);
      if (close && close[2] === this.block.header) {
        const { lines, ours } = this.block;
        this.block = null;
        if (ours) this.emit({ kind: 'reply', lines, error: close[1] === 'error' });
        return;
      }
      this.block.lines.push(text);
      return;
    }
    if (startsWith(raw, '%output ')) return this.output(raw, '%output '.length, false);
    if (startsWith(raw, '%extended-output '))
      return this.output(raw, '%extended-output '.length, true);
    const text = raw.toString('utf8');
    const begin = /^%begin (\d+ \d+ (\d+))$/.exec(text);
    if (begin) {
      // flags bit 0: the command came from this client (the attach in argv has 0).
      const ours = (Number(begin[2]) & 1) === 1;
      this.block = { header: begin[1]!, lines: [], ours };
      if (ours) this.emit({ kind: 'begin' });
      return;
    }
    const space = text.indexOf(' ');
    const name = space === -1 ? text : text.slice(0, space);
    const rest = space === -1 ? '' : text.slice(space + 1);
    switch (name) {
      case '%pause':
      case '%continue':
        this.emit({ kind: name === '%pause' ? 'pause' : 'continue', pane: rest.trim() });
        return;
      case '%layout-change': {
        // %layout-change @win <layout> <visible-layout> <flags>; layout = csum,WxH,x,y,...
        const size = /^\S+ [0-9a-f]{4},(\d+)x(\d+),/.exec(rest);
        if (size) this.emit({ kind: 'layout', cols: Number(size[1]), rows: Number(size[2]) });
        return;
      }
      case '%exit':
        this.emit({ kind: 'exit', reason: rest });
        return;
      default:
        if (name.startsWith('%')) this.emit({ kind: 'notification', name: name.slice(1) });
    }
  }

  /** `%output %<pane> <data>` or `%extended-output %<pane> <age> ... : <data>`. */
  private output(raw: Buffer, from: number, extended: boolean): void {
    const paneEnd = raw.indexOf(0x20, from);
    if (paneEnd === -1) return;
    const pane = raw.subarray(from, paneEnd).toString('latin1');
    let dataStart = paneEnd + 1;
    if (extended) {
      const colon = raw.indexOf(' : ', dataStart);
      if (colon === -1) return;
      dataStart = colon + 3;
    }
    this.emit({ kind: 'output', pane, data: unescapeOutput(raw.subarray(dataStart)) });
  }
}

function startsWith(raw: Buffer, prefix: string): boolean {
  if (raw.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (raw[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** tmux writes bytes below 0x20 and `\` as `\ooo` (octal); everything else as is. */
export function unescapeOutput(escaped: Buffer): Buffer {
  const first = escaped.indexOf(BACKSLASH);
  if (first === -1) return Buffer.from(escaped);
  const out = Buffer.allocUnsafe(escaped.length);
  escaped.copy(out, 0, 0, first);
  let o = first;
  for (let i = first; i < escaped.length; i++) {
    const byte = escaped[i]!;
    if (byte === BACKSLASH && isOctal(escaped, i + 1)) {
      out[o++] = (escaped[i + 1]! - 48) * 64 + (escaped[i + 2]! - 48) * 8 + (escaped[i + 3]! - 48);
      i += 3;
    } else {
      out[o++] = byte;
    }
  }
  return out.subarray(0, o);
}

function isOctal(buffer: Buffer, at: number): boolean {
  for (let i = at; i < at + 3; i++) {
    const byte = buffer[i];
    if (byte === undefined || byte < 48 || byte > 55) return false;
  }
  return true;
}

/**
 * A command line for a control client. Every argument is single-quoted (tmux's parser does no
 * expansion of any kind inside single quotes); a `'` inside is written as `'\''`. A newline
 * would end the command line, so it is refused: callers pass such data hex- or octal-encoded.
 * Quoting governs parsing only: an argument tmux format-expands (`#{}`, `#()`) when the command
 * runs needs `formatLiteral` as well. None of the commands rdv sends here expands a caller's value.
 */
export function controlCommand(args: readonly string[]): string {
  return args
    .map((arg) => {
      if (/[\n\r]/.test(arg)) throw new RangeError('a control-mode argument cannot hold a newline');
      return `'${arg.replaceAll("'", `'\\''`)}'`;
    })
    .join(' ');
}

/**
 * Text for a double-quoted tmux string that reaches the command as exactly `bytes`: anything but
 * letters, digits and a few inert punctuation marks becomes `\ooo` (tmux 3.0+ decodes octal
 * escapes inside double quotes), so `$`, `~`, `#`, quotes, newlines and non-ASCII bytes are
 * never interpreted.
 */
export function octalQuoted(bytes: Buffer): string {
  let out = '"';
  for (const byte of bytes) {
    const plain =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      byte === 0x20 ||
      byte === 0x2c ||
      byte === 0x2e ||
      byte === 0x2f ||
      byte === 0x3a ||
      byte === 0x3d ||
      byte === 0x5f ||
      byte === 0x2b ||
      byte === 0x2d;
    out += plain ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}
