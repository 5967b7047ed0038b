// Test helper: renders a terminal stream the way the browser's xterm.js will.
import pkg from '@xterm/headless';

const { Terminal } = pkg;

export interface Screen {
  write(data: string): Promise<void>;
  /** Visible lines, trailing spaces removed, trailing empty lines dropped. */
  visibleLines(): string[];
  /** Scrollback above the visible screen. */
  scrollbackLines(): string[];
  cursor(): { x: number; y: number };
  dispose(): void;
}

export function createScreen(cols: number, rows: number, scrollback = 10_000): Screen {
  const term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  const line = (y: number) => term.buffer.active.getLine(y)?.translateToString(true) ?? '';
  const trimmed = (lines: string[]) => {
    const out = lines.map((l) => l.replace(/\s+$/, ''));
    while (out.length > 0 && out.at(-1) === '') out.pop();
    return out;
  };
  return {
    write: (data) => new Promise((resolve) => term.write(data, resolve)),
    visibleLines: () => {
      const base = term.buffer.active.baseY;
      return trimmed(Array.from({ length: rows }, (_, i) => line(base + i)));
    },
    scrollbackLines: () =>
      Array.from({ length: term.buffer.active.baseY }, (_, i) => line(i).replace(/\s+$/, '')),
    cursor: () => ({ x: term.buffer.active.cursorX, y: term.buffer.active.cursorY }),
    dispose: () => term.dispose(),
  };
}
