/**
 * Shared plumbing for the terminal/daemon benches: a daemon in a temp RDV_HOME, bare tmux
 * servers, process RSS, interleaving and cleanup that also runs on failure or Ctrl-C.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestHealth, startDaemon as startDaemonChild } from '@rdv/client/daemon';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { Tmux } from '@rdv/terminal';
import { waitUntil } from '@rdv/test-support';
import { rdvTmux, rdvTmuxServerPids, rdvTmuxSocketOf } from '@rdv/test-support/rdv-tmux';
import { MAX_TMUX_SERVERS } from '@rdv/contract/home';

/** The daemon bundle benches run; BENCH_DAEMON_ENTRY=<main.js> runs another (an older build). */
export const DAEMON_ENTRY =
  process.env.BENCH_DAEMON_ENTRY ??
  fileURLToPath(new URL('../apps/daemon/dist/main.js', import.meta.url));
export const COLS = 120;
export const ROWS = 40;
/** The daemon's default `history-limit`; the bare sessions use the same. */
export const HISTORY_LIMIT = 10_000;
/** config.toml for a daemon that creates sessions without a rate limit: setting up is not what a bench measures. */
export const UNLIMITED_CREATES =
  '[limits]\nexpensive_per_second = 10000\nexpensive_burst = 10000\n';
/** A clean, identical shell in every variant (no rc files, a fixed 2-character prompt). */
export const CLEAN_SHELL_CMD = "exec env PS1='$ ' HISTFILE= /bin/bash --norc --noprofile";
export const CLEAN_SHELL_ENV = { PS1: '$ ', HISTFILE: '' };
/** What a flooding session runs (flood.ts, flood-bare.ts): a line as fast as the pty takes it. */
export const FLOOD_COMMAND = `yes 'rdv flood: the quick brown fox jumps over the lazy dog 0123456789'`;
/** `sessions.create`'s input for a bench session: the bench's size and clean shell, in `cwd`. */
export function benchSession<T extends object>(cwd: string, extra?: T) {
  return { cwd, cols: COLS, rows: ROWS, env: CLEAN_SHELL_ENV, ...extra };
}
/**
 * HOME for the daemon and the bare tmux servers: an empty temp dir, so the shells they start
 * (the login shell, as users get it) read no user rc files. Those differ per machine, and some
 * (pyenv's rehash) take a lock that a shell killed mid-start-up leaves behind, stalling every
 * later interactive bash for 60 s. Each session then `exec`s CLEAN_SHELL_CMD anyway.
 */
let benchHomeDir: string | undefined;
export function benchHome(): string {
  benchHomeDir ??= tempDir('rdv-bh-');
  return benchHomeDir;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Cleanup: async steps on the normal path, a synchronous sweep on exit / signals.

const cleanups: Array<{ async: () => Promise<void> | void; sync: () => void }> = [];

export function onCleanup(
  asyncStep: () => Promise<void> | void,
  syncStep: () => void = () => undefined,
): void {
  cleanups.push({ async: asyncStep, sync: syncStep });
}

let cleaned = false;
export async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const step of cleanups.reverse()) {
    try {
      await step.async();
    } catch {
      // keep going
    }
    try {
      step.sync();
    } catch {
      // keep going
    }
  }
}

function cleanupSync(): void {
  if (cleaned) return;
  cleaned = true;
  for (const step of cleanups.reverse()) {
    try {
      step.sync();
    } catch {
      // keep going
    }
  }
}

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    cleanupSync();
    process.exit(130);
  });
}

/** Runs `main`, always cleans up, exits non-zero on failure. */
export async function runBench(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error('bench failed:', error);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
  // Lingering sockets/ptys must not keep the script alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
}

/** A pty (node-pty) of the benches' size running `file`, killed at clean-up. */
export function benchPty(file: string, args: string[], env: NodeJS.ProcessEnv): IPty {
  const pty = spawnPty(file, args, {
    name: 'xterm-256color',
    cols: COLS,
    rows: ROWS,
    cwd: '/',
    env: { ...env, TERM: 'xterm-256color' },
  });
  const kill = () => {
    try {
      pty.kill();
    } catch {
      // gone
    }
  };
  onCleanup(kill, kill);
  return pty;
}

export function tempDir(prefix = 'rdv-b-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  onCleanup(
    () => undefined,
    () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }),
  );
  return dir;
}

/** Stops the tmux server on `socket`, and rdv's others beside it (tmux-1.sock, ...). */
function killTmuxServer(socket: string): void {
  if (basename(socket) === 'tmux.sock') return void rdvTmux(dirname(socket), 'kill-server');
  if (!existsSync(socket)) return;
  try {
    execFileSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    // not running
  }
}

// ---------------------------------------------------------------------------------------------
// Processes

export function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

/** Proportional set size (shared pages split among their users), from smaps_rollup. */
export function pssKb(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

/** pids whose parent is `ppid` (one level). */
export function childPids(ppid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/** utime+stime of a process in ms (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** user and system CPU ms of a process. */
export function cpuUserSysMs(pid: number): { user: number; sys: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * 10, sys: Number(fields[12]) * 10 };
  } catch {
    return { user: Number.NaN, sys: Number.NaN };
  }
}

/** CPU ms of the waited-for children of a process (a shell: the commands it ran). */
export function childrenCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

export function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export async function panePid(tmux: Tmux, name: string): Promise<number> {
  return Number(
    (await tmux.run([['display-message', '-p', '-t', `=${name}:`, '#{pane_pid}']])).trim(),
  );
}

/** The pids of an rdv home's tmux servers (the daemon spreads sessions over several). */
export function tmuxServerPids(home: string): number[] {
  return rdvTmuxServerPids(home);
}

/** The pid of the tmux server that holds `tmuxName` in an rdv home. */
export function tmuxServerPidOf(home: string, tmuxName: string): number | undefined {
  return tmuxServerPid(rdvTmuxSocketOf(home, tmuxName));
}

export function tmuxServerPid(socket: string): number | undefined {
  try {
    const out = execFileSync('tmux', ['-S', socket, 'display-message', '-p', '#{pid}'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return Number(out.trim()) || undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Bare tmux (same options rdv sets: @rdv/terminal's Tmux, config /dev/null)

export interface BareTmux {
  dir: string;
  socket: string;
  tmux: Tmux;
  /** A detached session running a clean bash at COLS x ROWS, history-limit HISTORY_LIMIT. */
  newSession(name: string): Promise<void>;
}

export function bareTmux(): BareTmux {
  const dir = tempDir('rdv-bt-');
  const socket = join(dir, 'tmux.sock');
  const tmux = new Tmux({
    socketPath: socket,
    env: { ...process.env, HOME: benchHome(), HISTFILE: '' },
  });
  onCleanup(
    () => undefined,
    () => killTmuxServer(socket),
  );
  return {
    dir,
    socket,
    tmux,
    async newSession(name) {
      await tmux.newSession({
        name,
        cwd: dir,
        cols: COLS,
        rows: ROWS,
        env: CLEAN_SHELL_ENV,
        shell: '/bin/bash',
        historyLimit: HISTORY_LIMIT,
      });
      await cleanShell(tmux, name);
    },
  };
}

/** Replaces a session's login shell by the clean bash and waits for its prompt. */
export async function cleanShell(tmux: Tmux, name: string): Promise<void> {
  await tmux.waitForReady(name);
  // A shell still reading its rc files may eat keys: retry until the screen is just the prompt.
  for (let attempt = 0; ; attempt++) {
    await tmux.sendKeys(name, ['C-c']);
    await tmux.exec(name, CLEAN_SHELL_CMD);
    await sleep(100);
    await tmux.exec(name, 'clear');
    try {
      await waitUntil(
        async () => (await tmux.capturePane(name)).trim() === '$',
        `clean prompt in ${name}`,
        3_000,
        20,
      );
      return;
    } catch (error) {
      if (attempt >= 4) {
        throw new Error(
          `${(error as Error).message}; screen: ${JSON.stringify((await tmux.capturePane(name)).trim().slice(-300))}`,
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The daemon

export interface Daemon {
  home: string;
  child: ChildProcess;
  pid: number;
  apiSocket: string;
  terminalSocket: string;
  tmuxSocket: string;
  /** Tmux on the daemon's own server (send-keys, capture). */
  tmux: Tmux;
  cliToken: () => string;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** `GET /health`'s status over api.sock. */
export async function getHealth(socketPath: string): Promise<number> {
  return (await requestHealth(socketPath)).status;
}

/** Node flags that let `gcDaemon()` force a full GC in the daemon (bench-only preload). */
export const GC_NODE_ARGS = [
  '--expose-gc',
  '--import',
  fileURLToPath(new URL('./gc-on-signal.mjs', import.meta.url)),
];

let bundleNoted = false;

export async function startDaemon(
  env: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
  /** config.toml written into RDV_HOME before the start (e.g. `[limits]` for many creates). */
  configToml?: string,
  /** Another build's main.js, for a before/after run side by side. */
  entry: string = DAEMON_ENTRY,
): Promise<Daemon> {
  if (!bundleNoted || entry !== DAEMON_ENTRY) {
    bundleNoted = true;
    const built = statSync(entry).mtime.toISOString();
    console.log(`daemon bundle ${entry} built ${built}`);
  }
  const home = tempDir('rdv-bd-');
  if (configToml !== undefined) writeFileSync(join(home, 'config.toml'), configToml);
  const tmuxSocket = join(home, 'tmux.sock');
  // BENCH_CPU_PROFILE=<dir>: the daemon writes a V8 CPU profile there when it exits (kept);
  // summarize with `npx tsx bench/profile-summary.ts <dir>/*.cpuprofile`.
  const profile = process.env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  const apiSocket = join(home, 'api.sock');
  // A daemon that does not become healthy is stopped by startDaemon itself; its tmux server here.
  const { daemon } = await startDaemonChild({
    entry,
    nodeArgs: [...profile, ...nodeArgs],
    env: {
      ...process.env,
      RDV_HOME: home,
      HOME: benchHome(),
      HISTFILE: '',
      SHELL: '/bin/bash',
      ...env,
    },
    apiSocket,
    timeoutMs: 20_000,
    pollMs: 20,
  }).catch((error: unknown) => {
    killTmuxServer(tmuxSocket);
    throw error;
  });
  const stop = async () => {
    await daemon.stop(10_000);
    killTmuxServer(tmuxSocket);
  };
  onCleanup(stop, () => {
    if (daemon.child.exitCode === null && daemon.child.signalCode === null)
      daemon.child.kill('SIGKILL');
    killTmuxServer(tmuxSocket);
  });
  const { child } = daemon;
  const stderr = daemon.stderr;
  return {
    home,
    child,
    pid: child.pid!,
    apiSocket,
    terminalSocket: join(home, 'terminal.sock'),
    tmuxSocket,
    // Finds each session on whichever of the daemon's servers holds it.
    tmux: new Tmux({ socketPath: tmuxSocket, servers: MAX_TMUX_SERVERS }),
    cliToken: () => readFileSync(join(home, 'cli-token'), 'utf8').trim(),
    stderr,
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// Statistics and printing

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** "median [min..max] ±spread%" where spread = (max-min)/2/median. */
export function spread(values: number[], digits = 1): string {
  const m = median(values);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pct = ((hi - lo) / 2 / m) * 100;
  return `${m.toFixed(digits)} [${lo.toFixed(digits)}..${hi.toFixed(digits)}] ±${pct.toFixed(0)}%`;
}

/** The variants in a different rotation each repetition, so drift hits every variant alike. */
export function rotation<T>(items: readonly T[], rep: number): T[] {
  const k = rep % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
