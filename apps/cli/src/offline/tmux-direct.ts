// rdv's own tmux server reached directly, without the daemon: run tmux, list rdv's sessions,
// attach this terminal to one. The rest of offline/ builds the daemon-down commands on these.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MAX_TMUX_SERVERS, tmuxServerSocket } from '@rdv/contract/home';
import { DEFAULT_DETACH_KEY, DetachMatcher, parseDetachKey } from '../attach/detach-keys.ts';
import type { CliPaths } from '../paths.ts';

/** rdv names its tmux sessions `rdv-<session id>`. */
export const TMUX_SESSION_PREFIX = 'rdv-';
const TMUX_TIMEOUT_MS = 5_000;
const FIELD_SEPARATOR = '\u001f';
const LIST_FORMAT = [
  '#{session_name}',
  '#{session_created}',
  '#{session_attached}',
  '#{pane_current_command}',
  '#{pane_current_path}',
  '#{pane_dead}',
].join(FIELD_SEPARATOR);

/** What tmux alone knows about an rdv session (no name, folder or status: those are the daemon's). */
export interface TmuxSessionInfo {
  id: string;
  tmuxName: string;
  /** The socket of the tmux server that holds it (rdv spreads sessions over several). */
  socket: string;
  createdAt: string | null;
  attachedClients: number;
  command: string;
  cwd: string;
  dead: boolean;
}

/**
 * tmux on rdv's own server, argv only; never the user's default server. Arguments reach tmux
 * literally except where tmux itself expands formats (`-F`, `display-message` text), so values
 * never go there.
 */
export function tmux(socket: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'tmux',
      // -u: without a UTF-8 locale tmux prints the listing format's separators as "_".
      ['-u', '-S', socket, ...args],
      { encoding: 'utf8', timeout: TMUX_TIMEOUT_MS, env: tmuxEnv() },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(new Error(error.message), { code: error.code, stderr }));
        else resolve(stdout);
      },
    );
  });
}

/** Without TMUX/TMUX_PANE: inside the user's own tmux, `attach` would refuse to nest. */
function tmuxEnv(): NodeJS.ProcessEnv {
  const { TMUX: _tmux, TMUX_PANE: _pane, ...env } = process.env;
  return env;
}

/** The sockets of rdv's tmux servers that exist (a server that runs has its socket file). */
export function tmuxSockets(paths: CliPaths): string[] {
  return Array.from({ length: MAX_TMUX_SERVERS }, (_, i) => tmuxServerSocket(paths.tmuxSocket, i)).filter((socket) =>
    existsSync(socket),
  );
}

/** rdv's sessions as its tmux servers list them; [] when none is running. */
export async function listTmuxSessions(paths: CliPaths): Promise<TmuxSessionInfo[]> {
  const all: TmuxSessionInfo[] = [];
  for (const socket of tmuxSockets(paths)) all.push(...(await listServerSessions(socket)));
  return all;
}

async function listServerSessions(socket: string): Promise<TmuxSessionInfo[]> {
  let out: string;
  try {
    out = await tmux(socket, ['list-sessions', '-F', LIST_FORMAT]);
  } catch (error) {
    const text = String((error as { stderr?: string }).stderr ?? '');
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('tmux is not installed (or not on PATH)');
    if (/no server running|error connecting|No such file/i.test(text)) return [];
    throw new Error(`tmux list-sessions failed: ${text.trim() || (error as Error).message}`);
  }
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(FIELD_SEPARATOR))
    .filter(([name]) => name?.startsWith(TMUX_SESSION_PREFIX))
    .map(([name = '', created = '', attached = '0', command = '', cwd = '', dead = '0']) => ({
      id: name.slice(TMUX_SESSION_PREFIX.length),
      tmuxName: name,
      socket,
      createdAt: /^\d+$/.test(created) ? new Date(Number(created) * 1000).toISOString() : null,
      attachedClients: Number(attached) || 0,
      command,
      cwd,
      dead: dead === '1',
    }));
}

/**
 * Attaches this terminal straight to an rdv tmux session, for when the daemon is down. rdv's
 * tmux has no prefix key (so nobody can detach the daemon's own clients by typing), so tmux
 * runs in a pty of ours and the detach keys (Ctrl-] or Ctrl-b d) are caught here, as in a live
 * attach. Resolves with 0 on detach, else tmux's exit code.
 */
export async function attachTmuxDirectly(session: Pick<TmuxSessionInfo, 'socket' | 'tmuxName'>): Promise<number> {
  const { socket, tmuxName } = session;
  const { spawn: spawnPty } = await import('node-pty');
  const stdin = process.stdin;
  const stdout = process.stdout;
  const pty = spawnPty(
    'tmux',
    ['-u', '-S', socket, 'attach-session', '-t', `=${tmuxName}`],
    {
      name: process.env.TERM ?? 'xterm-256color',
      cols: stdout.columns || 80,
      rows: stdout.rows || 24,
      env: tmuxEnv(),
    },
  );
  const matcher = new DetachMatcher(parseDetachKey(DEFAULT_DETACH_KEY));
  let detached = false;
  const onInput = (chunk: Buffer) => {
    const { forward, detach } = matcher.feed(chunk.toString('utf8'));
    if (forward) pty.write(forward);
    if (detach) {
      detached = true;
      pty.kill('SIGHUP'); // the tmux client detaches; the session keeps running
    }
  };
  const onResize = () => pty.resize(stdout.columns || 80, stdout.rows || 24);
  stdin.setRawMode?.(true);
  stdin.resume();
  stdin.on('data', onInput);
  stdout.on('resize', onResize);
  const output = pty.onData((data) => stdout.write(data));
  return new Promise((resolve) => {
    pty.onExit(({ exitCode }) => {
      output.dispose();
      stdin.off('data', onInput);
      stdout.off('resize', onResize);
      stdin.setRawMode?.(false);
      stdin.pause();
      resolve(detached ? 0 : exitCode);
    });
  });
}
