// Rebuilding a pane in a fresh terminal (xterm.js, a user's terminal) from what tmux reports:
// history, screen(s), cursor and the modes the program set. Pure: the hub runs the commands.

const ESC = '\x1b';

/** `display -p` fields, tab-separated, for `parseSnapshotInfo`. */
export const SNAPSHOT_INFO_FORMAT = [
  '#{pane_id}',
  '#{pane_width}',
  '#{pane_height}',
  '#{cursor_x}',
  '#{cursor_y}',
  '#{alternate_on}',
  '#{alternate_saved_x}',
  '#{alternate_saved_y}',
  '#{history_size}',
  '#{cursor_flag}',
  '#{keypad_cursor_flag}',
  '#{keypad_flag}',
  '#{mouse_standard_flag}',
  '#{mouse_button_flag}',
  '#{mouse_all_flag}',
  '#{mouse_sgr_flag}',
  '#{mouse_utf8_flag}',
  '#{insert_flag}',
  '#{origin_flag}',
  '#{wrap_flag}',
  '#{scroll_region_upper}',
  '#{scroll_region_lower}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{pid}',
].join('\t');

export interface SnapshotInfo {
  paneId: string;
  cols: number;
  rows: number;
  cursorX: number;
  cursorY: number;
  alternateOn: boolean;
  savedX: number;
  savedY: number;
  historySize: number;
  cursorVisible: boolean;
  cursorKeys: boolean;
  keypad: boolean;
  mouseStandard: boolean;
  mouseButton: boolean;
  mouseAll: boolean;
  mouseSgr: boolean;
  mouseUtf8: boolean;
  insert: boolean;
  origin: boolean;
  wrap: boolean;
  regionTop: number;
  regionBottom: number;
  dead: boolean;
  deadStatus: number | null;
  serverPid: number | null;
}

const int = (field: string | undefined) => {
  const n = Number.parseInt(field ?? '', 10);
  return Number.isNaN(n) ? 0 : n;
};
const intOrNull = (field: string | undefined) => {
  const n = Number.parseInt(field ?? '', 10);
  return Number.isNaN(n) ? null : n;
};

export function parseSnapshotInfo(line: string): SnapshotInfo | undefined {
  const f = line.split('\t');
  if (f.length < 25 || !f[0]?.startsWith('%')) return undefined;
  const flag = (i: number) => f[i] === '1';
  return {
    paneId: f[0],
    cols: int(f[1]),
    rows: int(f[2]),
    cursorX: int(f[3]),
    cursorY: int(f[4]),
    alternateOn: flag(5),
    savedX: int(f[6]),
    savedY: int(f[7]),
    historySize: int(f[8]),
    cursorVisible: flag(9),
    cursorKeys: flag(10),
    keypad: flag(11),
    mouseStandard: flag(12),
    mouseButton: flag(13),
    mouseAll: flag(14),
    mouseSgr: flag(15),
    mouseUtf8: flag(16),
    insert: flag(17),
    origin: flag(18),
    wrap: flag(19),
    regionTop: int(f[20]),
    regionBottom: int(f[21]),
    dead: flag(22),
    deadStatus: flag(22) ? intOrNull(f[23]) : null,
    serverPid: intOrNull(f[24]),
  };
}

/**
 * Commands for one snapshot, sent as ONE control-mode line so tmux runs them back to back with
 * no pane output in between: the pane state, then history + the current screen, then (only
 * when a full-screen program is on the alternate screen) the normal screen it hides.
 */
export function snapshotCommands(paneId: string, historyLines: number): string[][] {
  const lines = String(-Math.max(0, Math.floor(historyLines)));
  return [
    ['display-message', '-p', '-t', paneId, SNAPSHOT_INFO_FORMAT],
    ['capture-pane', '-p', '-e', '-S', lines, '-t', paneId],
    ['capture-pane', '-p', '-e', '-a', '-q', '-t', paneId],
  ];
}

export interface BuiltSnapshot {
  info: SnapshotInfo;
  /** Write into a reset terminal of `info.cols` x `info.rows`. */
  data: string;
}

/**
 * The terminal data that reproduces the pane: reset, history and screen lines (on the alternate
 * screen: history + the hidden normal screen, then switch and draw the alternate one), the
 * modes, then the cursor. `extraModes` is what tmux cannot report (bracketed paste), tracked
 * from the stream.
 */
export function buildSnapshot(
  replyLines: string[],
  historyLines: number,
  extraModes = '',
): BuiltSnapshot | undefined {
  const info = parseSnapshotInfo(replyLines[0] ?? '');
  if (!info) return undefined;
  const history = Math.min(Math.max(0, Math.floor(historyLines)), info.historySize);
  const first = replyLines.slice(1, 1 + history + info.rows);
  const hidden = replyLines.slice(1 + history + info.rows, 1 + history + 2 * info.rows);
  let data = `${ESC}c`;
  if (info.alternateOn && hidden.length > 0) {
    const scrollback = first.slice(0, history);
    const screen = first.slice(history);
    data += [...scrollback, ...hidden].join('\r\n');
    data += `${ESC}[0m${ESC}[${info.savedY + 1};${info.savedX + 1}H${ESC}[?1049h${ESC}[H`;
    data += screen.join('\r\n');
  } else {
    data += first.join('\r\n');
  }
  data += `${ESC}[0m${modeSequence(info)}${extraModes}`;
  // With origin mode on, the cursor position counts from the top of the scroll region.
  const row = info.origin ? info.cursorY - info.regionTop : info.cursorY;
  data += `${ESC}[${row + 1};${info.cursorX + 1}H`;
  return { info, data };
}

/** Sequences for the modes tmux reports; the scroll region first, as it homes the cursor. */
function modeSequence(info: SnapshotInfo): string {
  let out = '';
  if (info.regionTop !== 0 || info.regionBottom !== info.rows - 1) {
    out += `${ESC}[${info.regionTop + 1};${info.regionBottom + 1}r`;
  }
  const set = (on: boolean, mode: number) => (on ? `${ESC}[?${mode}h` : '');
  out += set(info.cursorKeys, 1);
  out += info.keypad ? `${ESC}=` : '';
  out += set(info.origin, 6);
  out += info.wrap ? '' : `${ESC}[?7l`;
  out += info.cursorVisible ? '' : `${ESC}[?25l`;
  out += info.insert ? `${ESC}[4h` : '';
  out += set(info.mouseStandard, 1000);
  out += set(info.mouseButton, 1002);
  out += set(info.mouseAll, 1003);
  out += set(info.mouseUtf8, 1005);
  out += set(info.mouseSgr, 1006);
  return out;
}
