// The visible screens of several sessions in ONE tmux call: `display -p` (cursor, height, modes)
// then `capture-pane -p` per session, chained. A spawn costs the daemon 11-26 ms of event loop
// (TERMINAL.md); a capture inside tmux costs far less, so batching is what keeps a 1 s status
// watch cheap.
import type { Tmux } from '@rdv/terminal';

/** What the heuristics need from one pane, read atomically with its screen. */
export interface CapturedScreen {
  /** The visible screen, one entry per row, plain text. */
  lines: string[];
  cursorX: number;
  cursorY: number;
  alternateOn: boolean;
  dead: boolean;
  deadStatus: number | null;
}

/** Sessions per tmux call: keeps one invocation's argv well inside tmux's message size. */
export const CAPTURES_PER_CALL = 32;

const SCREEN_FORMAT = [
  '#{session_name}',
  '#{cursor_x}',
  '#{cursor_y}',
  '#{pane_height}',
  '#{alternate_on}',
  '#{pane_dead}',
  '#{pane_dead_status}',
].join('\t');

/**
 * Captures the screens of `names` (tmux session names), CAPTURES_PER_CALL per call. Rejects when
 * a call fails (tmux stops a chain at the first missing session) or its output does not parse;
 * the caller then reads those sessions one by one.
 */
export async function captureScreens(
  tmux: Pick<Tmux, 'run'>,
  names: readonly string[],
): Promise<Map<string, CapturedScreen>> {
  const screens = new Map<string, CapturedScreen>();
  for (let i = 0; i < names.length; i += CAPTURES_PER_CALL) {
    const batch = names.slice(i, i + CAPTURES_PER_CALL);
    const commands = batch.flatMap((name) => {
      const target = `=${name}:`;
      return [
        ['display-message', '-p', '-t', target, SCREEN_FORMAT],
        ['capture-pane', '-p', '-t', target],
      ];
    });
    for (const [name, screen] of parseScreens(await tmux.run(commands), batch))
      screens.set(name, screen);
  }
  return screens;
}

/**
 * Splits a batch's stdout: each session's info line, then exactly `pane_height` screen rows
 * (capture-pane prints every row of the visible screen). Counting rows rather than looking for
 * separators means no text a program prints can confuse the parse.
 */
export function parseScreens(
  stdout: string,
  names: readonly string[],
): Map<string, CapturedScreen> {
  const lines = stdout.split('\n');
  const screens = new Map<string, CapturedScreen>();
  let at = 0;
  for (const name of names) {
    const [session, cx, cy, height, alternate, dead, deadStatus] = (lines[at] ?? '').split('\t');
    // display-message falls back to another session when its target is gone: check the name.
    if (session !== name)
      throw new Error(`batch capture: expected ${name}, got ${session ?? 'nothing'}`);
    const rows = Number.parseInt(height ?? '', 10);
    if (!Number.isInteger(rows) || rows < 1 || at + 1 + rows > lines.length) {
      throw new Error(`batch capture: bad pane height for ${name}`);
    }
    const status = Number.parseInt(deadStatus ?? '', 10);
    screens.set(name, {
      lines: lines.slice(at + 1, at + 1 + rows),
      cursorX: Number.parseInt(cx ?? '', 10) || 0,
      cursorY: Number.parseInt(cy ?? '', 10) || 0,
      alternateOn: alternate === '1',
      dead: dead === '1',
      deadStatus: dead === '1' && !Number.isNaN(status) ? status : null,
    });
    at += 1 + rows;
  }
  return screens;
}
