// `@rdv/contract/home`: where rdv keeps its files in RDV_HOME. The daemon writes them, the web
// server and the CLI find them there; config.toml may move some (see @rdv/config), and the
// defaults of those keys come from here too. Node only (node:path), hence its own subpath.
import { basename, dirname, extname, join } from 'node:path';

/** Every file and folder rdv keeps in RDV_HOME, relative to it. */
export const HOME_FILES = {
  configFile: 'config.toml',
  /** tRPC over HTTP (queries, mutations, SSE) and `GET /health`. */
  apiSocket: 'api.sock',
  /** The same router over WebSocket (live terminals). */
  terminalSocket: 'terminal.sock',
  /** rdv's own tmux servers: this socket is the first's (see tmuxServerSocket). */
  tmuxSocket: 'tmux.sock',
  cliTokenFile: 'cli-token',
  databaseFile: 'sqlite.db',
  /** The daemon's and the web server's private files. */
  serverDir: 'server',
  serviceTokenFile: 'server/service-token',
  pidFile: 'server/server.pid',
  logFile: 'server/server.log',
  /** The daemon's stderr when `rdv server start` launched it (start-up failures land here). */
  startLogFile: 'server/server.stderr.log',
  /** HMAC key of the dashboard's local-mode session cookies. */
  webSecretFile: 'server/web-secret',
  /** The current one-time login URL, for a second browser. */
  webLoginUrlFile: 'server/web-login-url',
  /** The daemon's Web Push (VAPID) key pair, made at first start. */
  vapidKeysFile: 'server/vapid-keys.json',
  /** The dashboard's server-side logouts. */
  webRevocationsFile: 'server/web-revocations.json',
  /** Session recordings (asciicast v2), `<session id>.cast`. */
  recordingsDir: 'recordings',
  /** Files dropped or pasted onto a session's terminal, `<session id>/<name>`; removed when it closes. */
  uploadsDir: 'uploads',
  /** Trashed worktrees. */
  trashDir: 'trash',
  /**
   * The fleet (0700): hosts.json, each host's CLI token of its rdv (`<name>.token`, 0600), the
   * ssh control sockets (`control/`) and the forwarded sockets of the hosts (`sockets/`).
   */
  hostsDir: 'hosts',
  /**
   * V8 code caches of the daemon's and the CLI's bundles (0700, files 0600): each start reads
   * its own instead of compiling megabytes of JavaScript. Safe to delete at any time.
   */
  codeCacheDir: 'cache',
} as const;

/**
 * A host's files in the fleet folder (`hostsDir`): its CLI token (0600) and the local ends of its
 * forwarded api.sock and terminal.sock, and the last sessions and folders seen there (0600, so the
 * dashboard lists them while the host is away). The daemon writes them, the CLI's `--host` and
 * the web server read them.
 */
export function hostFiles(
  hostsDir: string,
  name: string,
): { tokenFile: string; apiSocket: string; terminalSocket: string; sessionsFile: string } {
  return {
    tokenFile: join(hostsDir, `${name}.token`),
    sessionsFile: join(hostsDir, `${name}.sessions.json`),
    apiSocket: join(hostsDir, 'sockets', `${name}.api.sock`),
    terminalSocket: join(hostsDir, 'sockets', `${name}.terminal.sock`),
  };
}

/** RDV_HOME and the absolute path of each of its files (before config.toml moves any). */
export type HomeLayout = { home: string } & { -readonly [K in keyof typeof HOME_FILES]: string };

/** The absolute paths of rdv's files in `home` (an absolute RDV_HOME). */
export function homeLayout(home: string): HomeLayout {
  const paths = Object.entries(HOME_FILES).map(([key, file]) => [key, join(home, file)]);
  return { home, ...Object.fromEntries(paths) } as HomeLayout;
}

/** Most tmux servers one rdv spreads its sessions over (`[tmux] servers`). */
export const MAX_TMUX_SERVERS = 64;

/**
 * The socket of rdv's tmux server `index`: server 0 listens on `base` itself (where an rdv of
 * one server kept every session), server i on `<name>-<i><ext>` beside it (`tmux-3.sock`).
 */
export function tmuxServerSocket(base: string, index: number): string {
  if (index === 0) return base;
  const ext = extname(base);
  return join(dirname(base), `${basename(base, ext)}-${index}${ext}`);
}
