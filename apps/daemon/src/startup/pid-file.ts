import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { isDaemonProcess } from '@rdv/contract/daemon-process';
import { PRIVATE_FILE_MODE } from './home.ts';

export class AlreadyRunningError extends Error {
  override name = 'AlreadyRunningError';
  constructor(readonly pid: number) {
    super(`rdv-server is already running (pid ${pid})`);
  }
}

export type PidCheck = { kind: 'none' } | { kind: 'stale'; pid: number | null };

/**
 * Looks at an existing pid file. A live rdv-server → AlreadyRunningError. A dead one (or a
 * pid since reused by an unrelated program) → `stale`, which the caller cleans up and logs.
 */
export function checkPidFile(pidFile: string): PidCheck {
  let text: string;
  try {
    text = readFileSync(pidFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) return { kind: 'stale', pid: null };
  if (pid !== process.pid && isDaemonProcess(pid)) throw new AlreadyRunningError(pid);
  return { kind: 'stale', pid };
}

/**
 * Writes our pid with O_EXCL, so two daemons starting at the same moment cannot both win.
 * Call after checkPidFile and the stale clean-up.
 */
export function writePidFile(pidFile: string): void {
  let fd: number;
  try {
    fd = openSync(pidFile, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const check = checkPidFile(pidFile);
      // Lost a race with a daemon that is starting right now.
      throw new AlreadyRunningError(check.kind === 'stale' && check.pid ? check.pid : -1);
    }
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
}

/** Removes the pid file if it is ours. */
export function removePidFile(pidFile: string): void {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
    if (pid === process.pid) rmSync(pidFile, { force: true });
  } catch {
    // Already gone.
  }
}
