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

/**
 * glibc's allocator settings every launcher gives rdv-server. By default glibc raises its mmap
 * threshold to the size of each large block freed (up to 32 MB) and keeps up to twice that free
 * at the top of its heap: the start's few MB-sized reads (the bundle, its code cache, Prisma's
 * WebAssembly) left 4-6 MB of freed memory held for good, so idle RSS varied 80-88 MB between
 * starts. A fixed threshold (setting it turns the dynamic one off) keeps blocks above 128 KiB in
 * their own mappings, returned when freed (bench/daemon-idle.ts: 75-78 MB instead of 80-81).
 */
export const DAEMON_MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };

/** Names (comma-separated) the settings a launcher added, which the daemon then takes out again. */
export const LAUNCH_ENV_VAR = 'RDV_LAUNCH_ENV';

/** `env` with the daemon's allocator settings, unless it sets them itself (a copy). */
export function withDaemonLaunchEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const added = Object.keys(DAEMON_MALLOC_ENV).filter((name) => env[name] === undefined);
  if (added.length === 0) return { ...env };
  return { ...env, ...Object.fromEntries(added.map((name) => [name, DAEMON_MALLOC_ENV[name]])), [LAUNCH_ENV_VAR]: added.join(',') };
}

/**
 * Removes what the launcher added from `env` (the daemon's own process.env), so the tmux server,
 * every session and every command the daemon runs see the environment the user had. glibc read
 * its settings when the process started; removing them changes nothing for the daemon.
 */
export function dropLaunchEnv(env: NodeJS.ProcessEnv): void {
  const added = env[LAUNCH_ENV_VAR];
  if (added === undefined) return;
  for (const name of added.split(',')) if (name in DAEMON_MALLOC_ENV) delete env[name];
  delete env[LAUNCH_ENV_VAR];
}
