import { CliError, ExitCode } from '../errors.ts';

/** The default detach key: Ctrl-] (as in telnet), one byte no shell or editor needs. */
export const DEFAULT_DETACH_KEY = 'ctrl-]';
/** tmux's prefix key (Ctrl-b); `Ctrl-b d` detaches too, as tmux users' fingers expect. */
const TMUX_PREFIX = '\x02';

/**
 * The byte of a `ctrl-<key>` spec: `ctrl-]`, `ctrl-q`, `ctrl-\`, `ctrl-^`, `ctrl-_`, `ctrl-@`.
 * `none` turns the single-key detach off (Ctrl-b d still works).
 */
export function parseDetachKey(spec: string): string {
  const text = spec.trim().toLowerCase();
  if (text === 'none') return '';
  const match = /^(?:ctrl|c)-(.)$/.exec(text) ?? /^\^(.)$/.exec(text);
  const key = match?.[1]?.toUpperCase();
  const code = key ? key.charCodeAt(0) : -1;
  // Ctrl-<c> is <c> & 0x1f for @, A-Z, [, \, ], ^, _.
  if (code < 0x40 || code > 0x5f) {
    throw new CliError(
      `unsupported detach key "${spec}" (use ctrl-<letter>, ctrl-], ctrl-\\, ctrl-^, ctrl-_ or none)`,
      ExitCode.usage,
    );
  }
  return String.fromCharCode(code & 0x1f);
}

/** "Ctrl-]" for messages. */
export function describeDetachKey(key: string): string {
  if (!key) return 'Ctrl-b d';
  return `Ctrl-${String.fromCharCode(key.charCodeAt(0) | 0x40)} (or Ctrl-b d)`;
}

/**
 * Watches what the person types for the detach key, or Ctrl-b then d. A Ctrl-b is held back
 * until the next key shows whether it was a detach; otherwise both go through unchanged (the
 * session's tmux reads Ctrl-b as its prefix anyway, so nothing changes for other commands).
 */
export class DetachMatcher {
  private holdingPrefix = false;

  constructor(private readonly key: string) {}

  /** What to send on, and whether the person asked to detach (anything after that is dropped). */
  feed(data: string): { forward: string; detach: boolean } {
    let forward = '';
    for (const ch of data) {
      if (this.holdingPrefix) {
        this.holdingPrefix = false;
        if (ch === 'd') return { forward, detach: true };
        forward += TMUX_PREFIX;
        // Ctrl-b Ctrl-b sends one Ctrl-b to the program, as in tmux: no new hold.
        if (ch === TMUX_PREFIX) {
          forward += ch;
          continue;
        }
      } else if (ch === TMUX_PREFIX) {
        this.holdingPrefix = true;
        continue;
      }
      if (this.key && ch === this.key) return { forward, detach: true };
      forward += ch;
    }
    return { forward, detach: false };
  }
}
