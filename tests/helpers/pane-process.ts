// What the kernel says about a session's pane process: byte-exact, whatever tmux reports.
import { readFileSync, readlinkSync } from 'node:fs';
import { tmux } from './daemon.ts';
import { rdvTmuxServerPids } from '@rdv/test-support/rdv-tmux';

/** The pid of the first pane of tmux session `tmuxName` on the daemon's server in `home`. */
export function panePid(home: string, tmuxName: string): number {
  return Number(tmux(home, 'display-message', '-p', '-t', `=${tmuxName}:`, '#{pane_pid}').trim());
}

/** The program running in the first pane of `tmuxName` (tmux's `pane_current_command`). */
export function paneCommand(home: string, tmuxName: string): string {
  return tmux(
    home,
    'display-message',
    '-p',
    '-t',
    `=${tmuxName}:`,
    '#{pane_current_command}',
  ).trim();
}

/** The pids of the daemon's tmux servers in `home` (it spreads sessions over several). */
export function tmuxServerPids(home: string): number[] {
  return rdvTmuxServerPids(home);
}

/** A process's environment as the kernel holds it (`/proc/<pid>/environ`). */
export function processEnv(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

export function processCwd(pid: number): string {
  return readlinkSync(`/proc/${pid}/cwd`);
}

export function processArgv(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
}
