import { homedir } from 'node:os';
import type { Folder, Session } from '../api/types.ts';
import { attachAction } from '../commands/attach.ts';
import { healthFields } from '../commands/server.ts';
import type { CliContext } from '../context.ts';
import { toCliError } from '../errors.ts';
import { attachTmuxDirectly, listTmuxSessions } from '../offline/tmux-direct.ts';
import { ago, tildify } from '../format/values.ts';
import { withApi } from '../output.ts';
import { folderPath } from '../resolve/resolvers.ts';
import { fetchHealth, readPid, startDaemon, stopDaemon } from '../server/daemon-control.ts';
import { statusLabel } from '../session/list.ts';
import { qualifyId } from '../hosts/qualified-id.ts';
import { chooseMachine, menuOnHost } from './choose-host.ts';
import { createSessionFlow } from './create-session.ts';
import { manageOrchestrators } from './manage-orchestrators.ts';
import { manageFolders, manageTokens, manageWorktrees } from './manage.ts';
import { Cancelled, createPrompter, type Prompter } from './prompter.ts';

type MenuAction =
  'attach' | 'create' | 'folders' | 'worktrees' | 'orchestrators' | 'tokens' | 'server' | 'quit';

/**
 * Bare `rdv` in a terminal: a menu that loops until the person quits, attaches, or cancels.
 * Esc or Ctrl-C at any prompt leaves at once; changes are only made after a flow's last
 * prompt, so a cancelled flow has changed nothing.
 */
export async function runMenu(ctx: CliContext, opts: { host?: string } = {}): Promise<void> {
  const p = await createPrompter(ctx);
  p.intro(opts.host ? `rdv on ${opts.host}` : 'rdv');
  try {
    if (!(await fetchHealth(ctx.paths.apiSocket)) && !(await daemonDown(ctx, p))) return;
    // Hosts are reached through this machine's daemon: asked once it answers.
    if (opts.host) await menuOnHost(ctx, p, opts.host);
    else await chooseMachine(ctx, p);
    for (;;) {
      const action = await p.select<MenuAction>('What do you want to do?', [
        { value: 'attach', label: 'Attach to a session' },
        { value: 'create', label: 'Create a session' },
        { value: 'folders', label: 'Folders' },
        { value: 'worktrees', label: 'Worktrees' },
        { value: 'orchestrators', label: 'Orchestrators and insights' },
        { value: 'tokens', label: 'Tokens' },
        { value: 'server', label: 'Server status' },
        { value: 'quit', label: 'Quit' },
      ]);
      if (action === 'quit') return p.outro('Bye');
      try {
        if (await runAction(ctx, p, action)) return;
      } catch (error) {
        if (error instanceof Cancelled) throw error;
        p.error(toCliError(error, ctx.paths.apiSocket).message);
      }
    }
  } catch (error) {
    if (!(error instanceof Cancelled)) throw error;
    p.cancel('Cancelled; nothing changed.');
  }
}

/** One menu entry; true when the menu should end (an attach took over the terminal). */
async function runAction(
  ctx: CliContext,
  p: Prompter,
  action: Exclude<MenuAction, 'quit'>,
): Promise<boolean> {
  switch (action) {
    case 'attach':
      return pickAndAttach(ctx, p);
    case 'create': {
      const folders = await withApi(ctx, (client) => client.folders.list.query());
      const session = await createSessionFlow(ctx, p, folders);
      if (!session) return false;
      if (ctx.stdin.isTTY && (await p.confirm('Attach to it now?')))
        return attachFromMenu(ctx, p, session);
      p.info(`rdv attach ${qualifyId(ctx.endpoint.host, session.id.slice(0, 8))} to attach later`);
      return false;
    }
    case 'folders':
      await manageFolders(ctx, p);
      return false;
    case 'worktrees':
      await manageWorktrees(ctx, p);
      return false;
    case 'orchestrators':
      await manageOrchestrators(ctx, p);
      return false;
    case 'tokens':
      await manageTokens(ctx, p);
      return false;
    case 'server':
      return serverPanel(ctx, p);
  }
}

async function pickAndAttach(ctx: CliContext, p: Prompter): Promise<boolean> {
  const [sessions, folders] = await p.spin(
    'Loading sessions',
    () =>
      withApi(ctx, (client) =>
        Promise.all([
          client.sessions.list.query({ status: ['active', 'suspended', 'exited'] }),
          client.folders.list.query(),
        ]),
      ),
    ([list]) => `${list.length} session(s)`,
  );
  if (sessions.length === 0) {
    p.info('No live sessions; create one first.');
    return false;
  }
  const id = await p.select('Which session?', sessionChoices(sessions, folders));
  const session = sessions.find((s) => s.id === id)!;
  if (session.status === 'suspended') {
    if (!(await p.confirm(`${session.name} is suspended. Resume it and attach?`))) return false;
    await withApi(ctx, (client) => client.sessions.resume.mutate({ id }));
  }
  if (session.status === 'exited') {
    const code = session.exitCode === null ? '' : ` (code ${session.exitCode})`;
    if (!(await p.confirm(`${session.name} exited${code}. Restart it and attach?`))) return false;
    await withApi(ctx, (client) => client.sessions.restart.mutate({ id }));
  }
  return attachFromMenu(ctx, p, session);
}

/** Choices with status, folder and age, e.g. "api  active (waiting) · work/api · 5m ago". */
export function sessionChoices(sessions: readonly Session[], folders: readonly Folder[]) {
  const byId = new Map(folders.map((f) => [f.id, f]));
  return sessions.map((s) => {
    const folder =
      s.folderId && byId.get(s.folderId) ? folderPath(byId.get(s.folderId)!, byId) : 'no folder';
    return {
      value: s.id,
      label: s.name,
      hint: `${statusLabel(s)} · ${folder} · ${tildify(s.cwd, homedir())} · ${ago(s.lastActivityAt ?? s.createdAt)}`,
    };
  });
}

async function attachFromMenu(
  ctx: CliContext,
  p: Prompter,
  session: Pick<Session, 'id' | 'name'>,
): Promise<boolean> {
  p.outro(`Attaching to ${session.name}; detach with Ctrl-] (or Ctrl-b d)`);
  await attachAction(ctx, session.id, {});
  return true;
}

async function serverPanel(ctx: CliContext, p: Prompter): Promise<boolean> {
  const health = await fetchHealth(ctx.paths.apiSocket);
  if (!health) return !(await daemonDown(ctx, p));
  const fields = healthFields(health, readPid(ctx.paths));
  p.note(fields.map(([key, value]) => `${`${key}:`.padEnd(19)}${value}`).join('\n'), 'rdv-server');
  const next = await p.select('Server', [
    { value: 'back', label: 'Back' },
    { value: 'stop', label: 'Stop the server', hint: 'sessions keep running in tmux' },
  ]);
  if (next === 'back') return false;
  if (!(await p.confirm('Stop rdv-server?', false))) return false;
  await p.spin(
    'Stopping rdv-server',
    () => stopDaemon(ctx.paths),
    (r) => (r ? `Stopped (pid ${r.pid})` : 'It was not running'),
  );
  p.outro('rdv server start starts it again');
  return true;
}

/**
 * The daemon is not running: offer to start it, or to attach to a tmux session directly
 * (fallback). Resolves true when the menu can go on.
 */
async function daemonDown(ctx: CliContext, p: Prompter): Promise<boolean> {
  p.error(`The daemon is not running (no answer on ${ctx.paths.apiSocket}).`);
  const choice = await p.select('What now?', [
    { value: 'start', label: 'Start it', hint: 'rdv server start' },
    {
      value: 'fallback',
      label: 'Attach to a tmux session directly',
      hint: 'fallback without the daemon',
    },
    { value: 'quit', label: 'Quit' },
  ]);
  if (choice === 'quit') {
    p.outro('Bye');
    return false;
  }
  if (choice === 'start') {
    await p.spin(
      'Starting rdv-server',
      () => startDaemon(ctx.paths, ctx.env),
      (r) => `rdv-server ${r.health.version} running (pid ${r.pid})`,
    );
    return true;
  }
  const sessions = await listTmuxSessions(ctx.paths);
  if (sessions.length === 0) {
    p.outro('No rdv tmux sessions to attach to.');
    return false;
  }
  const name = await p.select(
    'Which tmux session? (fallback: no names or folders without the daemon)',
    sessions.map((s) => ({
      value: s.tmuxName,
      label: s.tmuxName,
      hint: `${s.command} · ${tildify(s.cwd, homedir())}`,
    })),
  );
  p.outro(`Attaching with tmux directly (fallback); detach with Ctrl-b d`);
  ctx.exitCode = await attachTmuxDirectly(sessions.find((s) => s.tmuxName === name)!);
  return false;
}
