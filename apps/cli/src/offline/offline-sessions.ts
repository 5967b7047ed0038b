// What the CLI can do with the daemon down: rdv's sessions are tmux sessions on rdv's own tmux
// server, which outlives the daemon, so reading them and typing into them need only tmux. The
// daemon's database (names, folders, status, the audit log) is out of reach, so sessions are
// named by id (or id prefix, or `rdv-<id>`) and exec is not audited; it runs the same
// destructive-command guard as the daemon, which is the only check that stands between the
// text and the shell here.
import { findDestructivePattern, refusalReason } from '@rdv/policy/exec-guard';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { listTmuxSessions, tmux, tmuxSockets, type TmuxSessionInfo } from './tmux-direct.ts';
import { note } from '../output.ts';
import { resolveRef } from '../resolve/resolve-ref.ts';

/** The stderr line every offline command starts with; scripts see `"offline": true` in --json. */
export const OFFLINE_NOTE = 'offline: rdv-server is not running';
/** How to leave offline mode, for messages. */
export const START_FIX = 'start it with `rdv server start`';

/** Says once, on stderr, that this output comes straight from tmux. */
export function noteOffline(ctx: CliContext, what: string): void {
  note(ctx, `rdv: ${OFFLINE_NOTE}; ${what} straight from rdv's tmux server (${START_FIX})`);
}

/** The session `ref` names among rdv's tmux sessions: a full id, an id prefix, or `rdv-<id>`. */
export async function resolveOfflineSession(
  ctx: CliContext,
  ref: string,
): Promise<TmuxSessionInfo> {
  const sessions = await listTmuxSessions(ctx.paths).catch((error: unknown) => {
    throw new CliError(
      `${OFFLINE_NOTE} and rdv's tmux server did not answer either: ${(error as Error).message}; ${START_FIX}`,
      ExitCode.daemonDown,
    );
  });
  try {
    return resolveRef(sessions, ref.replace(/^rdv-/, ''), { kind: 'session', minPrefix: 1 });
  } catch (error) {
    if (error instanceof CliError && error.exitCode === ExitCode.notFound) {
      throw new CliError(
        `${error.message} (${OFFLINE_NOTE}: sessions are named by id or id prefix; names need the daemon)`,
        ExitCode.notFound,
      );
    }
    throw error;
  }
}

/** `=rdv-<id>:`: exactly that session (no prefix matching by tmux), its current window. */
function target(session: TmuxSessionInfo): string {
  return `=${session.tmuxName}:`;
}

/** The last `lines` lines of history and screen, as `sessions.scrollback` returns them. */
export async function offlineScrollback(
  ctx: CliContext,
  session: TmuxSessionInfo,
  lines: number,
  colors: boolean,
): Promise<string> {
  const out = await tmux(session.socket, [
    'capture-pane',
    '-p',
    '-J',
    ...(colors ? ['-e'] : []),
    '-S',
    `-${lines}`,
    '-t',
    target(session),
  ]);
  const rows = out.replace(/\n$/, '').split('\n');
  while (rows.length && rows.at(-1)?.trim() === '') rows.pop();
  return rows.slice(-lines).join('\n');
}

/**
 * Types `text` and Enter, as `sessions.exec` does: the same guard first (no force offline: the
 * override is audited, and the audit log is the daemon's), copy-mode left, literal keys.
 */
export async function offlineExec(
  ctx: CliContext,
  session: TmuxSessionInfo,
  text: string,
): Promise<void> {
  if (text.includes('\0')) throw new CliError('text must not contain NUL bytes', ExitCode.usage);
  const match = findDestructivePattern(text);
  if (match) {
    throw new CliError(
      `refused to type into session ${session.id}: ${refusalReason(match)} (rule ${match.rule}); ${OFFLINE_NOTE}, and there is no force offline`,
      ExitCode.error,
    );
  }
  const t = target(session);
  // Typing must reach the program, not a copy-mode someone left the pane in.
  await tmux(session.socket, ['copy-mode', '-q', '-t', t]);
  for (const chunk of chunks(text, SEND_CHUNK_CHARS)) {
    // `-l --`: keys, literally (no key names; a leading `-` is not an option).
    await tmux(session.socket, ['send-keys', '-t', t, '-l', '--', literalArgument(chunk)]);
  }
  await tmux(session.socket, ['send-keys', '-t', t, 'Enter']);
}

/** One argv string stays well under Linux's 128 KiB limit per argument. */
const SEND_CHUNK_CHARS = 32 * 1024;

/**
 * tmux reads an argument that ends in `;` as the end of a command (and `\;` as a literal `;`),
 * even from argv: `send-keys -l -- 'ls;'` types `ls`. Escaping the last `;` keeps it text.
 */
export function literalArgument(text: string): string {
  return text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text;
}

/** Pieces of at most `size` UTF-16 units, never inside a surrogate pair. */
function chunks(text: string, size: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

export interface OfflineStatus {
  offline: true;
  daemon: 'not running';
  tmux: { running: boolean; sessions: number };
}

/** `rdv status` with the daemon down: whether rdv's tmux server still holds sessions. */
export async function offlineStatus(ctx: CliContext): Promise<OfflineStatus> {
  const sessions = await listTmuxSessions(ctx.paths);
  // list-sessions fails when no server runs; it never starts one (start-server would).
  let running = sessions.length > 0;
  for (const socket of running ? [] : tmuxSockets(ctx.paths)) {
    running ||= await tmux(socket, ['list-sessions']).then(
      () => true,
      () => false,
    );
  }
  return { offline: true, daemon: 'not running', tmux: { running, sessions: sessions.length } };
}
