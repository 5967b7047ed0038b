// rdv's tmux servers in an RDV_HOME, as a test reaches them from outside: the daemon spreads
// sessions over several servers (`tmux.sock`, `tmux-1.sock`, ...; @rdv/contract/home).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_TMUX_SERVERS, tmuxServerSocket } from '@rdv/contract/home';

/** The sockets of the home's tmux servers that exist, server 0 first. */
export function rdvTmuxSockets(home: string): string[] {
  const base = join(home, 'tmux.sock');
  return Array.from({ length: MAX_TMUX_SERVERS }, (_, i) => tmuxServerSocket(base, i)).filter((s) => existsSync(s));
}

/** The socket of the server holding session `name` (server 0's when none does). */
export function rdvTmuxSocketOf(home: string, name: string): string {
  for (const socket of rdvTmuxSockets(home)) {
    try {
      execFileSync('tmux', ['-S', socket, 'has-session', '-t', `=${name}`], { stdio: 'ignore' });
      return socket;
    } catch {
      // not on this one
    }
  }
  return join(home, 'tmux.sock');
}

/**
 * Runs tmux on the server that holds the session a `-t` target names (`=name`, `=name:`, or a
 * bare name); `kill-server` stops every server; anything else goes to server 0.
 */
export function rdvTmux(home: string, ...args: string[]): string {
  if (args[0] === 'kill-server') {
    for (const socket of rdvTmuxSockets(home)) {
      try {
        execFileSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    return '';
  }
  const at = args.indexOf('-t');
  const target = at >= 0 ? args[at + 1] : undefined;
  const socket = target ? rdvTmuxSocketOf(home, target.replace(/^=/, '').split(':')[0]!) : join(home, 'tmux.sock');
  return execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
}

/** The pids of the home's tmux servers that run. */
export function rdvTmuxServerPids(home: string): number[] {
  return rdvTmuxSockets(home).flatMap((socket) => {
    try {
      return [Number(execFileSync('tmux', ['-S', socket, 'display-message', '-p', '#{pid}'], { encoding: 'utf8' }).trim())];
    } catch {
      return [];
    }
  });
}
