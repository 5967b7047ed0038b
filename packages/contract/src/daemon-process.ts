// `@rdv/contract/daemon-process`: how a process is recognised as rdv-server. The daemon sets the
// title and checks an old pid file with it; the CLI checks the pid it is about to signal.
import { readFileSync } from 'node:fs';

/** The daemon's `process.title`, and what its /proc/<pid>/cmdline contains. */
export const DAEMON_PROCESS_TITLE = 'rdv-server';

/** A live process that is an rdv-server (not a recycled pid that now belongs to another program). */
export function isDaemonProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but someone else's; treat as running rather than stomping on it.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(DAEMON_PROCESS_TITLE);
  } catch {
    return true;
  }
}
