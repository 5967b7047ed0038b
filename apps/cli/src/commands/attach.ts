import type { Command } from 'commander';
import type { Session } from '../api/types.ts';
import { constants } from 'node:os';
import { DEFAULT_DETACH_KEY, parseDetachKey } from '../attach/detach-keys.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode, daemonDownError, isConnectionError } from '../errors.ts';
import { attachTmuxDirectly, listTmuxSessions } from '../offline/tmux-direct.ts';
import { OFFLINE_NOTE, START_FIX } from '../offline/offline-sessions.ts';
import { printable } from '../format/table.ts';
import { note, withApi } from '../output.ts';
import { resolveRef } from '../resolve/resolve-ref.ts';
import { resolveSession } from '../resolve/resolvers.ts';
import { positiveInt } from './options.ts';

export interface AttachOptions {
  detachKey?: string;
  history?: number;
}

/** The options `rdv attach` and `rdv session attach` share. */
export function registerAttachOptions(command: Command): Command {
  return command
    .option(
      '--detach-key <key>',
      `key that detaches: ctrl-<key> or none (Ctrl-b d always works)`,
      DEFAULT_DETACH_KEY,
    )
    .option('--history <lines>', 'lines of history to draw above the screen first', positiveInt)
    .addHelpText(
      'after',
      `\nDetach with Ctrl-] (or Ctrl-b d); the session keeps running. When the session's process exits,\n` +
        `attach exits with its code. Without the daemon, attach falls back to tmux itself (detach: Ctrl-b d).`,
    );
}

/** `rdv attach <session>`: the top-level alias of `rdv session attach`. */
export function registerAttachCommand(program: Command, ctx: CliContext): void {
  registerAttachOptions(
    program
      .command('attach')
      .argument('<session>', 'id, unique id prefix or name')
      .description('attach this terminal to a session live'),
  ).action((ref: string, opts: AttachOptions) => attachAction(ctx, ref, opts));
}

/** Attaches to `ref` live; without the daemon, straight through tmux (clearly marked). */
export async function attachAction(
  ctx: CliContext,
  ref: string,
  opts: AttachOptions,
): Promise<void> {
  const detachKey = parseDetachKey(opts.detachKey ?? DEFAULT_DETACH_KEY);
  if (!ctx.stdin.isTTY || !ctx.stdout.isTTY) {
    throw new CliError(
      'attach needs a terminal (stdin and stdout must be a TTY); use exec and scrollback from scripts',
      ExitCode.usage,
    );
  }
  let session: Session;
  try {
    session = await withApi(ctx, (client) => resolveSession(client, ref));
  } catch (error) {
    // Offline means this machine's tmux: never a host's stand-in.
    if (!isConnectionError(error) || ctx.endpoint.host) throw error;
    return attachFallback(ctx, ref);
  }
  if (session.status === 'suspended') {
    throw new CliError(
      `session ${session.name} (${session.id}) is suspended; resume it first: rdv session resume ${session.id}`,
    );
  }
  if (session.status !== 'active')
    throw new CliError(`session ${session.name} (${session.id}) is ${session.status}`);

  const { liveAttach } = await import('../attach/live-attach.ts');
  const outcome = await liveAttach(ctx, {
    sessionId: session.id,
    sessionName: session.name,
    detachKey,
    ...(opts.history ? { historyLines: opts.history } : {}),
  });
  switch (outcome.kind) {
    case 'exited':
      ctx.exitCode = outcome.code ?? ExitCode.ok;
      return;
    case 'failed':
      throw new CliError(`attach to ${session.name} failed: ${outcome.message}`);
    case 'signal':
      ctx.exitCode = 128 + constants.signals[outcome.signal];
      return;
    case 'detached':
    case 'suspended':
    case 'ended':
      return;
  }
}

/** The daemon is down: attach with tmux itself to `rdv-<id>`, found by id or id prefix. */
async function attachFallback(ctx: CliContext, ref: string): Promise<void> {
  const down = daemonDownError(ctx.paths.apiSocket);
  const sessions = await listTmuxSessions(ctx.paths).catch((error: unknown) => {
    throw new CliError(
      `${down.message}; the tmux fallback failed too: ${(error as Error).message}`,
      ExitCode.daemonDown,
    );
  });
  if (sessions.length === 0)
    throw new CliError(
      `${down.message}; no rdv tmux sessions to fall back to`,
      ExitCode.daemonDown,
    );
  const found = resolveRef(sessions, ref.replace(/^rdv-/, ''), {
    kind: 'tmux session',
    minPrefix: 1,
  });
  note(
    ctx,
    `rdv: ${OFFLINE_NOTE} (fallback: attaching to tmux session ${printable(found.tmuxName)} directly; detach with Ctrl-b d); ${START_FIX}`,
  );
  ctx.exitCode = await attachTmuxDirectly(found);
}
