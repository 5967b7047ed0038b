import type { Terminal } from '@xterm/xterm';
import { barKeyBytes, type BarKey } from './key-bar-keys';
import { OneShotModifiers } from './one-shot-modifiers';

/** Touches and focus closer together than this claim the size once. */
export const CLAIM_MIN_INTERVAL_MS = 1_000;

export interface KeyBarControllerOptions {
  term: Terminal;
  /** The terminal's box: a touch or click in it claims the size. */
  element: HTMLElement;
  /** Measures the terminal's box (the size this device asks for). */
  fit: () => void;
  /** Makes this device decide the pane's size now (`terminal.resize` with `claim`). */
  claimSize: () => void;
  /** True while the stream is live (input reaches the pty). */
  isLive: () => boolean;
}

/**
 * Everything the phone key bar does, without React: bar keys and the one-shot Ctrl/Alt go
 * through xterm's own input path (`term.input` → `onData` → the connection), and the device in
 * use claims the pane size as soon as it is touched or focused ("fit to this device").
 */
export class KeyBarController {
  readonly modifiers = new OneShotModifiers();
  /** When this client last sent input or claimed the size (ms since epoch). */
  private lastClaim = 0;
  /** Set while the bar itself feeds xterm, so `typed` does not modify its bytes a second time. */
  private feeding = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly opts: KeyBarControllerOptions) {
    const onTouch = () => this.claim();
    opts.element.addEventListener('pointerdown', onTouch, { capture: true, passive: true });
    this.cleanups.push(() =>
      opts.element.removeEventListener('pointerdown', onTouch, { capture: true }),
    );
    const textarea = opts.term.textarea;
    if (textarea) {
      textarea.addEventListener('focus', onTouch);
      this.cleanups.push(() => textarea.removeEventListener('focus', onTouch));
    }
  }

  /**
   * What the terminal typed (xterm's `onData`), on its way to the pty: armed modifiers applied.
   * Input also puts this client in charge of the size (the daemon notes it), so no claim is
   * needed for a while.
   */
  typed(data: string): string {
    this.lastClaim = Date.now();
    return this.feeding ? data : this.modifiers.apply(data);
  }

  /** A bar key, with the armed modifiers (then released unless locked). */
  press(key: BarKey): void {
    const mods = this.modifiers.take();
    const applicationCursor = this.opts.term.modes.applicationCursorKeysMode;
    this.feed(() => this.opts.term.input(barKeyBytes(key, mods, { applicationCursor }), true));
  }

  /** Text from the clipboard, as xterm pastes it (bracketed when the program asked for it). */
  paste(text: string): void {
    if (text) this.feed(() => this.opts.term.paste(text));
  }

  /** Text typed as keys, as it is (no armed modifier applies): a space between two pasted paths. */
  type(text: string): void {
    if (text) this.feed(() => this.opts.term.input(text, true));
  }

  /** "Fit to this device": fit the terminal to its box and make this device decide the size. */
  fitToDevice(): void {
    this.claim({ force: true });
  }

  /**
   * Re-sends this device's fitted size and marks it active, so the pane takes its size at once
   * (the daemon's policy: the most recently active client decides). Skipped when this client
   * sent input or claimed within CLAIM_MIN_INTERVAL_MS: it is in charge already.
   */
  claim({ force = false }: { force?: boolean } = {}): void {
    const now = Date.now();
    if (!this.opts.isLive() || (!force && now - this.lastClaim < CLAIM_MIN_INTERVAL_MS)) return;
    this.lastClaim = now;
    this.opts.fit();
    this.opts.claimSize();
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private feed(write: () => void): void {
    this.feeding = true;
    try {
      write();
    } finally {
      this.feeding = false;
    }
  }
}
