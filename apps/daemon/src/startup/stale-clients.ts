import { readdirSync, readFileSync } from 'node:fs';
import { DAEMON_PROCESS_TITLE } from '@rdv/contract/daemon-process';

/** The channel prefix of the pane-died `wait-for` clients (packages/terminal, paneDiedChannel). */
const WAIT_FOR_CHANNEL_PREFIX = 'rdv-pane-died-';
/** rdv's session names; a control client's target is `=<name>`. */
const SESSION_TARGET_PREFIX = '=rdv-';

export interface StaleClient {
  pid: number;
  kind: 'wait-for' | 'control';
}

/**
 * tmux clients a previous daemon left behind when it died without clean-up (kill -9, OOM): its
 * `tmux wait-for rdv-pane-died-…` waiters and `tmux -C attach-session -t =rdv-…` control
 * clients on rdv's tmux socket. They outlive it (reparented), one pair per terminal hub, and
 * would pile up with every crash. A client counts as stale when its parent is not a running
 * rdv-server: a live daemon's clients are its own children. Found through /proc (Linux).
 */
export function findStaleTmuxClients(tmuxSocket: string | readonly string[], procRoot = '/proc'): StaleClient[] {
  const stale: StaleClient[] = [];
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return stale;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isSafeInteger(pid) || pid === process.pid) continue;
    const argv = readArgv(procRoot, pid);
    if (!argv) continue;
    const kind = rdvClientKind(argv, tmuxSocket);
    if (!kind) continue;
    const parent = parentPid(procRoot, pid);
    if (parent !== null && parent > 1 && isRdvServer(procRoot, parent)) continue;
    stale.push({ pid, kind });
  }
  return stale;
}

/** SIGTERM to each stale client; returns the ones that were signalled. */
export function reapStaleTmuxClients(tmuxSocket: string | readonly string[], procRoot = '/proc'): StaleClient[] {
  return findStaleTmuxClients(tmuxSocket, procRoot).filter((client) => {
    try {
      process.kill(client.pid, 'SIGTERM');
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * `tmux … -S <socket> … wait-for rdv-pane-died-…` or `tmux … -S <socket> … -C attach-session -t =rdv-…`,
 * on one of rdv's sockets (one per tmux server).
 */
export function rdvClientKind(argv: string[], tmuxSocket: string | readonly string[]): StaleClient['kind'] | null {
  if (!argv[0] || !/(^|\/)tmux$/.test(argv[0])) return null;
  const socketAt = argv.indexOf('-S');
  const sockets: readonly string[] = typeof tmuxSocket === 'string' ? [tmuxSocket] : tmuxSocket;
  if (socketAt < 0 || !sockets.includes(argv[socketAt + 1] ?? '')) return null;
  const waitAt = argv.indexOf('wait-for');
  if (waitAt >= 0 && argv[waitAt + 1]?.startsWith(WAIT_FOR_CHANNEL_PREFIX)) return 'wait-for';
  const attachAt = argv.indexOf('attach-session');
  if (attachAt >= 0 && argv.includes('-C') && argv.slice(attachAt).some((arg) => arg.startsWith(SESSION_TARGET_PREFIX))) {
    return 'control';
  }
  return null;
}

function readArgv(procRoot: string, pid: number): string[] | null {
  try {
    const text = readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8');
    return text ? text.split('\0').filter((arg, index, all) => arg !== '' || index < all.length - 1) : null;
  } catch {
    return null;
  }
}

function parentPid(procRoot: string, pid: number): number | null {
  try {
    // Fields after the parenthesised command name: state, ppid, …
    const stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isSafeInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

function isRdvServer(procRoot: string, pid: number): boolean {
  try {
    return readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8').includes(DAEMON_PROCESS_TITLE);
  } catch {
    return false;
  }
}
