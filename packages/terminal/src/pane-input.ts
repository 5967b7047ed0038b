import { controlCommand, octalQuoted } from './control-protocol.ts';

/**
 * Input at least this long (a paste, not a keystroke) goes in through a tmux buffer
 * (`set-buffer` + `paste-buffer`): one command instead of a key event per byte.
 */
export const PASTE_MIN_CHARS = 64;
/** A paste goes to tmux in pieces of at most this many bytes (one command line each). */
export const PASTE_CHUNK_BYTES = 16 * 1024;

/**
 * The control-mode command lines that hand input to one pane, byte for byte. Each line first
 * leaves copy-mode (a person on a direct `tmux attach` may have left the pane in it): typing
 * must reach the program, never a mode the typist did not enter. The parts that depend only on
 * the pane are quoted once, since this runs for every keystroke.
 */
export class PaneInput {
  private readonly leaveMode: string;
  private readonly sendKeys: string;
  private readonly pasteTarget: string;
  private buffers = 0;

  constructor(paneId: string) {
    this.leaveMode = controlCommand(['copy-mode', '-q', '-t', paneId]);
    this.sendKeys = controlCommand(['send-keys', '-t', paneId, '-H']);
    this.pasteTarget = controlCommand(['-t', paneId]);
  }

  /** One or more lines, each a list of commands tmux runs back to back. */
  lines(data: string): string[][] {
    const bytes = Buffer.from(data, 'utf8');
    if (data.length < PASTE_MIN_CHARS) {
      // `send-keys -H`: each byte a literal key, no key-name parsing.
      const hex = bytes.toString('hex').replace(/../g, " '$&'");
      return [[this.leaveMode, `${this.sendKeys}${hex}`]];
    }
    return chunkBytes(bytes, PASTE_CHUNK_BYTES).map((piece) => {
      const buffer = `rdv-input-${++this.buffers}`;
      return [
        this.leaveMode,
        // `--`: a paste that starts with `-` is data, not a flag.
        `set-buffer -b ${buffer} -- ${octalQuoted(piece)}`,
        `paste-buffer -d -r -b ${buffer} ${this.pasteTarget}`,
      ];
    });
  }
}

/** Splits bytes into pieces of at most `size`, never inside a UTF-8 character. */
export function chunkBytes(bytes: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + size, bytes.length);
    // Back up over continuation bytes (10xxxxxx) so a character is never split.
    while (end < bytes.length && end > start && (bytes[end]! & 0xc0) === 0x80) end--;
    pieces.push(bytes.subarray(start, end));
    start = end;
  }
  return pieces;
}
