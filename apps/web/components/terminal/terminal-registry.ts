import type { Terminal } from '@xterm/xterm';
import type { TerminalStats } from './terminal-connection';

/**
 * The open terminals of this page, by session id, on `window.__rdv`: lets the browser tests and
 * the bench read what xterm.js holds (the WebGL renderer draws on a canvas, not in the DOM).
 */
export interface TerminalHandle {
  term: Terminal;
  stats: TerminalStats;
  state: () => string;
  /** What this tab's box can show: the size it asks for (the terminal itself shows the pane's). */
  desired: () => { cols: number; rows: number } | null;
}

declare global {
  interface Window {
    __rdv?: { terminals: Map<string, TerminalHandle>; text: (sessionId: string) => string };
  }
}

function registry(): Map<string, TerminalHandle> {
  window.__rdv ??= {
    terminals: new Map(),
    text: (sessionId) => {
      const handle = window.__rdv?.terminals.get(sessionId);
      if (!handle) return '';
      const buffer = handle.term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buffer.length; i += 1)
        lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
      return lines.join('\n');
    },
  };
  return window.__rdv.terminals;
}

export function registerTerminal(sessionId: string, handle: TerminalHandle): () => void {
  const terminals = registry();
  terminals.set(sessionId, handle);
  return () => {
    if (terminals.get(sessionId) === handle) terminals.delete(sessionId);
  };
}
