import type { Terminal } from '@xterm/xterm';

/**
 * Turns a finger's vertical movement into whole lines, carrying the remainder, so a slow drag
 * still scrolls and a fast one scrolls as far as the finger went (content follows the finger:
 * moving down shows older lines, a negative count).
 */
export class TouchLines {
  private lastY: number | null = null;
  private carry = 0;

  constructor(private readonly lineHeight: () => number) {}

  start(y: number): void {
    this.lastY = y;
    this.carry = 0;
  }

  /** Lines to scroll for the finger now at `y` (0 when below one line). */
  move(y: number): number {
    if (this.lastY === null) return 0;
    this.carry += this.lastY - y;
    this.lastY = y;
    const height = Math.max(1, this.lineHeight());
    const lines = Math.trunc(this.carry / height);
    this.carry -= lines * height;
    return lines;
  }

  end(): void {
    this.lastY = null;
  }
}

/**
 * Touch drag scrolls the terminal's history, as the wheel does with a mouse. A program that
 * asked for the mouse (vim, htop) keeps touches to itself. Returns a disposer.
 */
export function installTouchScroll(term: Terminal, element: HTMLElement): () => void {
  const lines = new TouchLines(() => element.querySelector('.xterm-screen')!.clientHeight / term.rows);
  const ownsTouch = () => term.modes.mouseTrackingMode === 'none';
  const onStart = (event: TouchEvent) => {
    if (event.touches.length === 1 && ownsTouch()) lines.start(event.touches[0]!.clientY);
  };
  const onMove = (event: TouchEvent) => {
    if (event.touches.length !== 1 || !ownsTouch()) return;
    const count = lines.move(event.touches[0]!.clientY);
    if (count !== 0) term.scrollLines(count);
    event.preventDefault(); // the page itself must not scroll or bounce
  };
  const onEnd = () => lines.end();
  element.addEventListener('touchstart', onStart, { passive: true });
  element.addEventListener('touchmove', onMove, { passive: false });
  element.addEventListener('touchend', onEnd);
  element.addEventListener('touchcancel', onEnd);
  return () => {
    element.removeEventListener('touchstart', onStart);
    element.removeEventListener('touchmove', onMove);
    element.removeEventListener('touchend', onEnd);
    element.removeEventListener('touchcancel', onEnd);
  };
}
