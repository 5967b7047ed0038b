// tmux `-F` formats and their parsers. Fields are tab-separated: session names cannot hold tabs.
import { TmuxError } from './tmux-error.ts';

/** One row of `Tmux.listSessions()`. */
export interface TmuxSessionInfo {
  name: string;
  created: Date;
  activity: Date;
  /** Number of clients attached to the session. */
  attached: number;
  paneDead: boolean;
  /**
   * Exit status of the pane's process once it died (`remain-on-exit`), else null. tmux 3.3 may
   * report `paneDead` a moment before the status, and has none for a process killed by a signal.
   */
  paneDeadStatus: number | null;
  panePid: number | null;
  /** pid of the tmux server. */
  serverPid: number | null;
}

/** What `Tmux.paneInfo()` reports about a session's (first) pane; one `display -p` call. */
export interface PaneInfo {
  /** Cursor column, 0-based. */
  cursorX: number;
  /** Cursor row within the visible screen, 0-based. */
  cursorY: number;
  width: number;
  height: number;
  /** The pane's program switched to the alternate screen (vim, less, ...). */
  alternateOn: boolean;
  /** The pane is in copy-mode or another mode. */
  inMode: boolean;
  dead: boolean;
  deadStatus: number | null;
  pid: number | null;
  /** Lines of history above the visible screen. */
  historySize: number;
  historyLimit: number;
  /** pid of the tmux server. */
  serverPid: number | null;
}

export const LIST_PANES_FORMAT = [
  '#{session_name}',
  '#{session_created}',
  '#{session_activity}',
  '#{session_attached}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{pane_pid}',
  '#{pid}',
].join('\t');

export const PANE_INFO_FORMAT = [
  '#{session_name}',
  '#{cursor_x}',
  '#{cursor_y}',
  '#{pane_width}',
  '#{pane_height}',
  '#{alternate_on}',
  '#{pane_in_mode}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{pane_pid}',
  '#{history_size}',
  '#{history_limit}',
  '#{pid}',
].join('\t');

function int(field: string | undefined): number {
  const n = Number.parseInt(field ?? '', 10);
  return Number.isNaN(n) ? 0 : n;
}

function intOrNull(field: string | undefined): number | null {
  const n = Number.parseInt(field ?? '', 10);
  return Number.isNaN(n) ? null : n;
}

/** Parses `list-panes -a` output into one entry per session (its first pane). */
export function parseListPanes(stdout: string): TmuxSessionInfo[] {
  const sessions = new Map<string, TmuxSessionInfo>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const [name = '', created, activity, attached, dead, deadStatus, pid, serverPid] =
      line.split('\t');
    if (sessions.has(name)) continue;
    sessions.set(name, {
      name,
      created: new Date(int(created) * 1000),
      activity: new Date(int(activity) * 1000),
      attached: int(attached),
      paneDead: dead === '1',
      paneDeadStatus: dead === '1' ? intOrNull(deadStatus) : null,
      panePid: intOrNull(pid),
      serverPid: intOrNull(serverPid),
    });
  }
  return [...sessions.values()];
}

/**
 * Parses a `display -p PANE_INFO_FORMAT` line for session `name`; undefined when the target did
 * not exist. display-message does not fail on a missing target: it falls back to another
 * session (or prints nothing), so the session name in the output is checked.
 */
export function parsePaneInfo(line: string, name: string): PaneInfo | undefined {
  const [session, cx, cy, w, h, alt, mode, dead, deadStatus, pid, hsize, hlimit, serverPid] = line
    .trim()
    .split('\t');
  if (session !== name) return undefined;
  return {
    cursorX: int(cx),
    cursorY: int(cy),
    width: int(w),
    height: int(h),
    alternateOn: alt === '1',
    inMode: mode === '1',
    dead: dead === '1',
    deadStatus: dead === '1' ? intOrNull(deadStatus) : null,
    pid: intOrNull(pid),
    historySize: int(hsize),
    historyLimit: int(hlimit),
    serverPid: intOrNull(serverPid),
  };
}

/** parsePaneInfo, or the TmuxError tmux itself did not raise for a missing target. */
export function paneInfoOrThrow(name: string, command: string[], line: string): PaneInfo {
  const info = parsePaneInfo(line, name);
  if (info) return info;
  throw new TmuxError(command, {
    stderr: `can't find pane: ${command[3]}`,
    exitCode: 1,
    timedOut: false,
  });
}
