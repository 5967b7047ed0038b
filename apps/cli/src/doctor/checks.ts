import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import type { CliContext } from '../context.ts';
import { isConnectionError, trpcErrorOf } from '../errors.ts';
import { fetchHealth, isDaemonProcess, readPid } from '../server/daemon-control.ts';

/** One finding: ok, a warning (worth knowing, not broken), or a failure with its fix. */
export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

/** tmux older than this lacks features rdv relies on (control-mode flow control, -e/-J capture). */
const MIN_TMUX_VERSION = 3.2;
const TOOL_TIMEOUT_MS = 5_000;
const SQLITE_HEADER = 'SQLite format 3\0';

/** Runs every check; none throws. */
export async function runChecks(ctx: CliContext): Promise<Check[]> {
  const { paths } = ctx;
  const checks: Check[] = [await checkTmux(), await checkGit(), checkHome(paths.home)];
  checks.push(
    ...[
      ['cli token file', paths.cliTokenFile, 'file'],
      ['service token file', paths.serviceTokenFile, 'file'],
      ['api socket', paths.apiSocket, 'socket'],
      ['terminal socket', paths.terminalSocket, 'socket'],
    ].map(([name, path, kind]) => checkPrivate(name!, path!, kind as 'file' | 'socket')),
  );
  checks.push(checkDatabase(paths.databaseFile));
  const health = await fetchHealth(paths.apiSocket);
  checks.push(checkDaemon(health, paths.pidFile, readPid(paths), lastStartFailure(paths.startLogFile)));
  checks.push(await checkToken(ctx, health !== null));
  return checks;
}

function tool(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { encoding: 'utf8', timeout: TOOL_TIMEOUT_MS }, (error, stdout) => {
      if (error) reject(new Error(error.message, { cause: error }));
      else resolve(stdout);
    }),
  );
}

async function checkTmux(): Promise<Check> {
  try {
    const version = (await tool('tmux', ['-V'])).trim();
    const number = Number(/(\d+\.\d+)/.exec(version)?.[1] ?? Number.NaN);
    if (number < MIN_TMUX_VERSION) {
      return {
        name: 'tmux',
        status: 'fail',
        detail: `${version} is older than ${MIN_TMUX_VERSION}`,
        fix: 'install tmux 3.2 or newer',
      };
    }
    return { name: 'tmux', status: 'ok', detail: version };
  } catch {
    return {
      name: 'tmux',
      status: 'fail',
      detail: 'not found on PATH',
      fix: 'install tmux (apt install tmux, brew install tmux)',
    };
  }
}

async function checkGit(): Promise<Check> {
  try {
    return { name: 'git', status: 'ok', detail: (await tool('git', ['--version'])).trim() };
  } catch {
    return {
      name: 'git',
      status: 'fail',
      detail: 'not found on PATH (worktrees need it)',
      fix: 'install git',
    };
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

function checkHome(home: string): Check {
  const stats = statOrNull(home);
  const name = 'RDV_HOME';
  if (!stats)
    return {
      name,
      status: 'fail',
      detail: `${home} does not exist`,
      fix: 'rdv server start (creates it)',
    };
  if (!stats.isDirectory())
    return {
      name,
      status: 'fail',
      detail: `${home} is not a folder`,
      fix: `move it away, then rdv server start`,
    };
  if (stats.uid !== process.getuid?.()) {
    return {
      name,
      status: 'fail',
      detail: `${home} belongs to uid ${stats.uid}, not you`,
      fix: `chown -R "$USER" ${home}`,
    };
  }
  if (stats.mode & 0o077) {
    return {
      name,
      status: 'fail',
      detail: `${home} is ${octal(stats.mode)}; others can reach your sockets and tokens`,
      fix: `chmod 700 ${home}`,
    };
  }
  return { name, status: 'ok', detail: `${home} (0700)` };
}

/** Tokens and sockets must be 0600 and the user's own. */
function checkPrivate(name: string, path: string, kind: 'file' | 'socket'): Check {
  const stats = statOrNull(path);
  if (!stats) {
    return kind === 'socket'
      ? {
          name,
          status: 'warn',
          detail: `${path} is missing (the daemon is not running)`,
          fix: 'rdv server start',
        }
      : { name, status: 'warn', detail: `${path} is missing`, fix: 'rdv server start (writes it)' };
  }
  if (kind === 'socket' ? !stats.isSocket() : !stats.isFile()) {
    return {
      name,
      status: 'fail',
      detail: `${path} is not a ${kind}`,
      fix: `remove it, then rdv server restart`,
    };
  }
  if (stats.uid !== process.getuid?.()) {
    return {
      name,
      status: 'fail',
      detail: `${path} belongs to uid ${stats.uid}`,
      fix: `chown "$USER" ${path}`,
    };
  }
  if (stats.mode & 0o077) {
    return {
      name,
      status: 'fail',
      detail: `${path} is ${octal(stats.mode)}`,
      fix: `chmod 600 ${path}`,
    };
  }
  return { name, status: 'ok', detail: `${path} (0600)` };
}

/** The SQLite file header's length and the fields read from it (https://sqlite.org/fileformat.html). */
const SQLITE_HEADER_BYTES = 100;

/**
 * Whether the file's size fits what its header says: a copy cut short (a full disk, an
 * interrupted copy) still starts with a good header but is missing pages, and the daemon then
 * refuses to start with "database disk image is malformed". Null when it looks whole.
 */
export function sqliteDamage(header: Buffer, size: number): string | null {
  if (size < SQLITE_HEADER_BYTES) return `only ${size} bytes, shorter than an SQLite header`;
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return `its header names an impossible page size (${rawPageSize})`;
  if (size % pageSize !== 0) return `${size} bytes is not a whole number of ${pageSize}-byte pages (truncated?)`;
  const pages = header.readUInt32BE(28);
  // The page count is only kept up to date when these two counters agree (SQLite >= 3.7.0).
  const countValid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92);
  if (countValid && size < pages * pageSize) return `truncated: ${size} bytes of the ${pages * pageSize} its header promises`;
  return null;
}

function checkDatabase(file: string): Check {
  const name = 'database';
  const stats = statOrNull(file);
  if (!stats)
    return {
      name,
      status: 'warn',
      detail: `${file} does not exist yet`,
      fix: 'rdv server start (creates it)',
    };
  const damagedFix = `stop the daemon, then move it aside: mv ${file} ${file}.damaged (rdv server start makes a new, empty one; the old rows stay in the moved file)`;
  try {
    const fd = openSync(file, 'r');
    const header = Buffer.alloc(SQLITE_HEADER_BYTES);
    try {
      readSync(fd, header, 0, header.length, 0);
    } finally {
      closeSync(fd);
    }
    if (stats.size > 0 && header.subarray(0, SQLITE_HEADER.length).toString('latin1') !== SQLITE_HEADER) {
      return { name, status: 'fail', detail: `${file} is not an SQLite database`, fix: damagedFix };
    }
    const damage = stats.size > 0 ? sqliteDamage(header, stats.size) : null;
    if (damage) return { name, status: 'fail', detail: `${file} is malformed: ${damage}`, fix: damagedFix };
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `cannot read ${file}: ${(error as Error).message}`,
      fix: `chmod 600 ${file}`,
    };
  }
  if (stats.mode & 0o077) {
    return {
      name,
      status: 'warn',
      detail: `${file} is readable by others (${octal(stats.mode)}); it holds session environments`,
      fix: `chmod 600 ${file}* (rdv server start also tightens it)`,
    };
  }
  return { name, status: 'ok', detail: `${file} (${Math.ceil(stats.size / 1024)} KiB)` };
}

/** The daemon's own explanation of its last failed start (`rdv server start` keeps its stderr). */
function lastStartFailure(startLogFile: string): string | null {
  try {
    const lines = readFileSync(startLogFile, 'utf8').trim().split('\n');
    const line = lines.findLast((text) => text.startsWith('rdv-server: '));
    return line ? line.slice('rdv-server: '.length) : null;
  } catch {
    return null;
  }
}

function checkDaemon(
  health: Awaited<ReturnType<typeof fetchHealth>>,
  pidFile: string,
  pid: number | null,
  startFailure: string | null,
): Check {
  const name = 'daemon';
  if (!health) {
    if ((pid === null || !isDaemonProcess(pid)) && startFailure) {
      const [problem, fix] = splitFix(startFailure);
      return { name, status: 'fail', detail: `not running; its last start failed: ${problem}`, fix: fix ?? 'rdv server start' };
    }
    if (pid !== null && !isDaemonProcess(pid)) {
      return {
        name,
        status: 'fail',
        detail: `not running; ${pidFile} names pid ${pid}, which is gone (a crash?)`,
        fix: 'rdv server start (cleans up after the crash)',
      };
    }
    if (pid !== null)
      return {
        name,
        status: 'fail',
        detail: `pid ${pid} runs but does not answer /health (a removed socket is bound again within seconds)`,
        fix: 'rdv server logs; then rdv server restart',
      };
    return { name, status: 'fail', detail: 'not running', fix: 'rdv server start' };
  }
  const failing = Object.entries(health.components)
    .filter(([, ok]) => !ok)
    .map(([component]) => component);
  if (health.status !== 'healthy' || failing.length) {
    return {
      name,
      status: 'fail',
      detail: `${health.status}; failing: ${failing.join(', ') || 'unknown'}`,
      fix: 'rdv server logs (then rdv server restart)',
    };
  }
  return {
    name,
    status: 'ok',
    detail: `healthy, version ${health.version}, pid ${pid ?? '?'}, ${health.metrics.active_sessions} active session(s)`,
  };
}

/** "problem; fix" as the daemon writes it. */
function splitFix(line: string): [string, string | undefined] {
  const at = line.indexOf('; ');
  return at < 0 ? [line, undefined] : [line.slice(0, at), line.slice(at + 2)];
}

async function checkToken(ctx: CliContext, daemonUp: boolean): Promise<Check> {
  const name = 'token';
  const credentials = ctx.credentials();
  const source = ctx.env.RDV_TOKEN?.trim() ? 'RDV_TOKEN' : ctx.paths.cliTokenFile;
  if (credentials.kind === 'none')
    return {
      name,
      status: 'fail',
      detail: `no token (no RDV_TOKEN, no ${ctx.paths.cliTokenFile})`,
      fix: 'rdv server start (writes the cli-token file)',
    };
  if (!daemonUp)
    return {
      name,
      status: 'warn',
      detail: `${source} not checked: the daemon is not running`,
      fix: 'rdv server start',
    };
  const { client, close } = ctx.api();
  try {
    const me = await client.me.get.query();
    return { name, status: 'ok', detail: `${source} is valid (user ${me.user.username})` };
  } catch (error) {
    if (isConnectionError(error))
      return {
        name,
        status: 'warn',
        detail: `${source} not checked: the daemon stopped answering`,
        fix: 'rdv server start',
      };
    const code = trpcErrorOf(error)?.code;
    const fix =
      source === 'RDV_TOKEN'
        ? 'unset RDV_TOKEN or set a valid one (rdv token create)'
        : 'rdv server restart (replaces a revoked or expired cli-token)';
    return {
      name,
      status: 'fail',
      detail: `${source} was refused (${code ?? (error as Error).message})`,
      fix,
    };
  } finally {
    await close();
  }
}
