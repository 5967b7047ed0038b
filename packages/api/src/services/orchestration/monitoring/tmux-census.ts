// One `list-panes -a` that tells the reconcile and the status watch everything they need about
// every session at once: which exist, which panes died (and how), and when each last printed.
// Spawning tmux blocks the daemon's event loop 11-26 ms (TERMINAL.md), so the 1 s watch makes
// this one call and shares it, rather than each task asking tmux on its own.
import { TmuxError, type Tmux, type TmuxSessionInfo } from '@rdv/terminal';

/** What one session looked like in the census. */
export interface CensusRow extends TmuxSessionInfo {
  /**
   * The pane's last output (`window_activity`), whole seconds: when its screen may have changed.
   * `activity` stays tmux's `session_activity` (the last key a client sent): output is not
   * activity for stall detection, since an agent's ticking spinner prints while it is stuck.
   */
  outputAt: Date;
}

const CENSUS_FORMAT = [
  '#{session_name}',
  '#{session_created}',
  '#{session_activity}',
  '#{window_activity}',
  '#{session_attached}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{pane_pid}',
  '#{pid}',
].join('\t');

/** Every session on rdv's tmux server with its first pane, in one call; [] when no server runs. */
export async function takeCensus(tmux: Pick<Tmux, 'run'>): Promise<CensusRow[]> {
  let stdout: string;
  try {
    stdout = await tmux.run([['list-panes', '-a', '-F', CENSUS_FORMAT]]);
  } catch (error) {
    if (error instanceof TmuxError && error.isNoServer) return [];
    throw error;
  }
  const rows = parseCensus(stdout);
  // tmux 3.3 with libutempter can miss the SIGCHLD of a pane's process (tmux#311): a dead pane
  // without a status then never gets one. A spare SIGCHLD makes the server reap it.
  const zombie = rows.find((row) => row.paneDead && row.paneDeadStatus === null);
  if (zombie?.serverPid) nudgeServer(zombie.serverPid);
  return rows;
}

/** Parses `list-panes -a -F CENSUS_FORMAT`: one row per session (its first pane). */
export function parseCensus(stdout: string): CensusRow[] {
  const rows = new Map<string, CensusRow>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const [
      name = '',
      created,
      sessionActivity,
      windowActivity,
      attached,
      dead,
      deadStatus,
      pid,
      serverPid,
    ] = line.split('\t');
    if (rows.has(name)) continue;
    rows.set(name, {
      name,
      created: seconds(created),
      activity: seconds(sessionActivity),
      outputAt: seconds(windowActivity),
      attached: int(attached) ?? 0,
      paneDead: dead === '1',
      paneDeadStatus: dead === '1' ? int(deadStatus) : null,
      panePid: int(pid),
      serverPid: int(serverPid),
    });
  }
  return [...rows.values()];
}

function int(field: string | undefined): number | null {
  const n = Number.parseInt(field ?? '', 10);
  return Number.isNaN(n) ? null : n;
}

function seconds(field: string | undefined): Date {
  return new Date((int(field) ?? 0) * 1000);
}

function nudgeServer(pid: number): void {
  try {
    process.kill(pid, 'SIGCHLD');
  } catch {
    // the server is gone; nothing to reap
  }
}
