// Terminal output (as a recording holds it) turned into lines of text a person would have seen:
// escape sequences dropped, carriage returns and backspaces applied, cursor jumps as line breaks.

/** A transcript line longer than this is cut into pieces (a recording has no line width). */
export const MAX_TRANSCRIPT_LINE = 4_096;

type State = 'text' | 'esc' | 'csi' | 'string' | 'string-esc' | 'charset';

/** CSI finals that move the cursor to another line or clear the screen: a line ends there. */
const LINE_BREAKING_CSI = new Set(['H', 'f', 'd', 'A', 'B', 'E', 'F', 'J']);

/**
 * Feeds output in pieces (an escape sequence may be split between two events) and collects the
 * finished lines. Not a terminal emulator: a full-screen program's redraws come out as fragments,
 * which is enough to find text in them.
 */
export class TranscriptBuilder {
  private state: State = 'text';
  private line = '';
  private col = 0;
  private pendingCr = false;
  private csi = '';
  private done: string[] = [];

  /** Adds output; returns the lines it finished. */
  write(data: string): string[] {
    let runStart = -1;
    for (let i = 0; i < data.length; i++) {
      const ch = data.charCodeAt(i);
      if (this.state === 'text') {
        if (ch >= 0x20 && ch !== 0x7f) {
          if (runStart < 0) runStart = i;
          continue;
        }
        if (runStart >= 0) {
          this.text(data.slice(runStart, i));
          runStart = -1;
        }
        this.control(ch);
        continue;
      }
      this.escape(data[i] ?? '', ch);
    }
    if (runStart >= 0) this.text(data.slice(runStart));
    const out = this.done;
    this.done = [];
    return out;
  }

  /** The last, unfinished line (the end of the recording). */
  flush(): string[] {
    if (this.line !== '') this.breakLine();
    const out = this.done;
    this.done = [];
    return out;
  }

  /** A carriage return not followed by a newline: the cursor is back at the start of the line. */
  private settleCr(): void {
    if (!this.pendingCr) return;
    this.pendingCr = false;
    this.col = 0;
  }

  private text(run: string): void {
    this.settleCr();
    if (this.col >= this.line.length) {
      this.line +=
        this.col > this.line.length ? ' '.repeat(this.col - this.line.length) + run : run;
    } else {
      this.line = this.line.slice(0, this.col) + run + this.line.slice(this.col + run.length);
    }
    this.col += run.length;
    while (this.line.length > MAX_TRANSCRIPT_LINE) {
      this.done.push(this.line.slice(0, MAX_TRANSCRIPT_LINE));
      this.line = this.line.slice(MAX_TRANSCRIPT_LINE);
      this.col = Math.max(0, this.col - MAX_TRANSCRIPT_LINE);
    }
  }

  private control(ch: number): void {
    switch (ch) {
      case 0x0a: // LF
        this.pendingCr = false;
        this.breakLine();
        return;
      case 0x0d: // CR
        this.pendingCr = true;
        return;
      case 0x08: // BS
        this.settleCr();
        this.col = Math.max(0, this.col - 1);
        return;
      case 0x09: // TAB: to the next multiple of 8, as a terminal does
        this.text(' '.repeat(8 - (this.col % 8)));
        return;
      case 0x1b:
        this.state = 'esc';
        return;
      default: // BEL and other controls show nothing
        return;
    }
  }

  private escape(char: string, ch: number): void {
    switch (this.state) {
      case 'esc':
        if (char === '[') {
          this.state = 'csi';
          this.csi = '';
        } else if (char === ']' || char === 'P' || char === 'X' || char === '^' || char === '_') {
          this.state = 'string'; // OSC, DCS, SOS, PM, APC: up to BEL or ESC \
        } else if (
          char === '(' ||
          char === ')' ||
          char === '*' ||
          char === '+' ||
          char === '#' ||
          char === '%'
        ) {
          this.state = 'charset';
        } else {
          this.state = 'text';
        }
        return;
      case 'csi':
        if (ch >= 0x40 && ch <= 0x7e) {
          this.state = 'text';
          this.csiFinal(char);
        } else if (this.csi.length < 32) {
          this.csi += char;
        }
        return;
      case 'string':
        if (ch === 0x07) this.state = 'text';
        else if (ch === 0x1b) this.state = 'string-esc';
        return;
      case 'string-esc':
        this.state = char === '\\' ? 'text' : 'string';
        return;
      case 'charset':
        this.state = 'text';
        return;
      case 'text':
        return;
    }
  }

  private csiFinal(final: string): void {
    this.settleCr();
    if (LINE_BREAKING_CSI.has(final)) {
      if (this.line.trim() !== '') this.breakLine();
      else this.reset();
      return;
    }
    if (final === 'K') {
      // Erase in line: 0 (default) to the end, 1 to the start, 2 all.
      const mode = this.csi === '' ? '0' : this.csi;
      if (mode === '0') this.line = this.line.slice(0, this.col);
      else if (mode === '2') this.line = '';
      return;
    }
    if (final === 'G' || final === '`') {
      // Cursor to column n (1-based) on this line.
      const n = Number.parseInt(this.csi || '1', 10);
      if (Number.isFinite(n)) this.col = Math.max(0, Math.min(n - 1, MAX_TRANSCRIPT_LINE));
      return;
    }
    if (final === 'C') {
      const n = Number.parseInt(this.csi || '1', 10);
      if (Number.isFinite(n)) this.col = Math.min(this.col + Math.max(1, n), MAX_TRANSCRIPT_LINE);
      return;
    }
    if (final === 'D') {
      const n = Number.parseInt(this.csi || '1', 10);
      if (Number.isFinite(n)) this.col = Math.max(0, this.col - Math.max(1, n));
    }
  }

  private breakLine(): void {
    this.done.push(this.line.trimEnd());
    this.reset();
  }

  private reset(): void {
    this.line = '';
    this.col = 0;
    this.pendingCr = false;
  }
}
