import type { CliInput, CliOutput } from '../context.ts';

/**
 * Turns off everything a session may have switched on in the local terminal: mouse reporting,
 * focus events, bracketed paste, application cursor keys and keypad, a hidden cursor, colours,
 * a scroll region. Written whenever an attach ends, however it ends.
 */
export const RESTORE_SEQUENCE = [
  '\x1b[0m',
  '\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1005l\x1b[?1006l\x1b[?1015l',
  '\x1b[?1004l',
  '\x1b[?2004l',
  '\x1b[?1l\x1b>',
  '\x1b[?7h',
  '\x1b[?25h',
  '\x1b[r',
].join('');

/** The local terminal in raw mode, and how to put it back exactly once. */
export class RawTerminal {
  private restored = false;
  private readonly onExit = () => this.restore();

  constructor(
    private readonly input: CliInput,
    private readonly output: CliOutput,
  ) {}

  enter(): void {
    this.input.setRawMode?.(true);
    this.input.resume();
    // A crash or process.exit anywhere still leaves the terminal usable.
    process.once('exit', this.onExit);
  }

  /** Cooked mode again, modes reset, cursor on the last row; idempotent and synchronous. */
  restore(message?: string): void {
    if (this.restored) return;
    this.restored = true;
    process.off('exit', this.onExit);
    try {
      this.input.setRawMode?.(false);
    } catch {
      // the terminal is gone (hang-up): nothing to restore
    }
    this.input.pause();
    const bottom = this.output.rows ? `\x1b[${this.output.rows};1H` : '';
    this.output.write(`${RESTORE_SEQUENCE}${bottom}\r\n${message ? `${message}\r\n` : ''}`);
  }
}
