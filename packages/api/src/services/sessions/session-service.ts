import { randomBytes } from 'node:crypto';
import { AGENTS, resumeCommand, type AgentName } from '@rdv/agents';
import { realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { BadInputError, NotFoundError, PreconditionError } from '../../errors.ts';
import type { PrismaClient } from '@rdv/db';
import { Tmux, type HubOwner, type TerminalHubs, type TmuxSessionInfo } from '@rdv/terminal';
import type { z } from 'zod';
import type { ApiLogger } from '../../types.ts';
import type {
  sessionCreateInput,
  sessionListInput,
  sessionScrollbackInput,
  sessionUpdateInput,
} from '../../schemas/sessions.ts';
import { stripSgr } from '../orchestration/agent-status/screen-heuristics.ts';
import type { WorkspaceServices } from '../workspace/create-workspace-services.ts';
import { KeyedLock } from '../keyed-lock.ts';
import { SessionEvents } from './session-events.ts';
import { OrphanSessions } from './orphan-sessions.ts';
import { listSessionRows } from './session-list-query.ts';
import { sessionSelect, toSessionView, type SessionView } from './session-view.ts';

export { sessionSelect, toSessionView, type SessionView } from './session-view.ts';
export type SessionStatus = 'active' | 'suspended' | 'exited' | 'closed' | 'trashed';

/** Statuses whose tmux session should exist. */
export const LIVE_STATUSES: SessionStatus[] = ['active', 'suspended'];
/** Rows that own a tmux session: live ones, and exited ones (their dead pane is kept). */
export const TMUX_OWNING_STATUSES: SessionStatus[] = [...LIVE_STATUSES, 'exited'];
/**
 * Ended sessions that `restart` brings back in the same row: `exited` (the process ended on its
 * own, or tmux lost it; still listed) and `closed` (the user closed it; found with a filter).
 */
export const RESTARTABLE_STATUSES: SessionStatus[] = ['exited', 'closed'];
/** The line tmux writes into a dead pane (remain-on-exit); the exit code says it better. */
const PANE_IS_DEAD = /^Pane is dead\b/;

/**
 * Owns the lifecycle of terminal sessions: the database row and its tmux session always move
 * together, and every method is scoped to the caller's user.
 */
export class SessionService {
  /** Sessions whose shell may still be starting: exec waits for it so no key is eaten. */
  private readonly readiness = new Map<string, Promise<void>>();
  /** The lifecycle (created, ended, restarted) for the services that follow sessions. */
  readonly events = new SessionEvents();
  /** One restart at a time per session: two would race for the same tmux name. */
  private readonly restarts = new KeyedLock();
  /** Dead panes seen once without an exit status yet (see reconcile). */
  private readonly deadWithoutStatus = new Set<string>();
  /** tmux sessions no row owns: listed, adopted or killed on request. */
  readonly orphans: OrphanSessions;

  constructor(
    private readonly db: PrismaClient,
    private readonly tmux: Tmux,
    private readonly hubs: TerminalHubs,
    private readonly workspace: Pick<WorkspaceServices, 'preferences' | 'worktrees' | 'trash'>,
    private readonly logger: ApiLogger,
  ) {
    this.orphans = new OrphanSessions(db, tmux, this.events);
  }

  async list(userId: string, input: z.infer<typeof sessionListInput>): Promise<SessionView[]> {
    return (await listSessionRows(this.db, userId, input)).map(toSessionView);
  }

  /** The caller's session, or NOT_FOUND: the same answer for someone else's id as for none. */
  async get(userId: string, id: string): Promise<SessionView> {
    const row = await this.db.session.findFirst({ where: { id, userId }, select: sessionSelect });
    if (!row) throw new NotFoundError(`session ${id} not found`);
    return toSessionView(row);
  }

  /**
   * Creates a session with the effective preferences of its folder (cwd, shell, env, start-up
   * or agent command, history limit) unless the input says otherwise; optionally in a new git
   * worktree. tmux first, then the row: a crash in between leaves an orphan the next start
   * reports, never a row pointing at nothing.
   */
  async create(userId: string, input: z.output<typeof sessionCreateInput>): Promise<SessionView> {
    const folderId = input.folderId ?? null;
    const prefs = await this.workspace.preferences.resolve(userId, folderId);
    // An agent preset makes an agent session; its command is the preset's unless one is given.
    const kind = input.agent ? 'agent' : input.kind;
    const command = input.agent
      ? (input.command ?? AGENTS[input.agent].command)
      : kind === 'agent' ? (input.command ?? prefs.values.agentCommand) : input.command ?? prefs.values.startupCommand;
    if (kind === 'agent' && !command) {
      throw new BadInputError('an agent session needs a command (or a default agent command in preferences)');
    }
    const worktree = input.worktree ? await this.workspace.worktrees.create(userId, input.worktree) : null;
    try {
      const cwd = await resolveDirectory(worktree?.path ?? input.cwd ?? prefs.values.cwd);
      const id = newSessionId();
      const tmuxName = Tmux.sessionName(id);
      const env = { ...prefs.values.env, ...input.env, RDV_SESSION_ID: id };
      const shell = prefs.values.shell;
      await this.tmux.newSession({
        name: tmuxName,
        cwd,
        env,
        unsetEnv: prefs.unsetEnv.filter((name) => !(name in env)),
        cols: input.cols,
        rows: input.rows,
        shell,
        historyLimit: prefs.values.historyLimit,
      });
      let row: SessionView;
      try {
        row = toSessionView(await this.db.session.create({
          data: {
            id,
            userId,
            name: input.name ?? (worktree ? worktree.branch : basename(cwd) || 'session'),
            kind,
            agent: input.agent ?? null,
            command: command ?? null,
            cwd,
            shell,
            env: JSON.stringify(input.env ?? {}),
            tmuxName,
            folderId,
            worktreeId: worktree?.id ?? null,
            cols: input.cols,
            rows: input.rows,
            recording: prefs.values.recording,
            lastActivityAt: new Date(),
          },
          select: sessionSelect,
        }));
      } catch (error) {
        await this.tmux.killSession(tmuxName).catch(() => undefined);
        throw error;
      }
      this.trackReadiness(tmuxName, command ?? undefined);
      this.events.emit('created', row.id);
      return row;
    } catch (error) {
      // The worktree was made for this session only: take it back rather than leave it behind.
      if (worktree) await this.workspace.worktrees.remove(userId, { id: worktree.id }, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async update(userId: string, input: z.infer<typeof sessionUpdateInput>): Promise<SessionView> {
    await this.get(userId, input.id);
    if (input.folderId) await this.requireFolder(userId, input.folderId);
    return toSessionView(await this.db.session.update({
      where: { id: input.id },
      data: {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.folderId === undefined ? {} : { folderId: input.folderId }),
        ...(input.pinned === undefined ? {} : { pinned: input.pinned }),
      },
      select: sessionSelect,
    }));
  }

  /**
   * Kills the tmux session (the process ends) and marks the row closed. With `trashWorktree`,
   * the session's worktree moves to the trash (restorable) and the session is `trashed`.
   */
  async close(userId: string, id: string, opts: { trashWorktree?: boolean } = {}): Promise<SessionView> {
    const session = await this.get(userId, id);
    if (opts.trashWorktree && !session.worktreeId) {
      throw new PreconditionError(`session ${id} has no worktree to trash`);
    }
    if (session.status !== 'closed' && session.status !== 'trashed') {
      // An exited session still has its dead pane (its last screen): it goes now too.
      await this.tmux.killSession(session.tmuxName).catch(() => undefined);
      this.hubs.end(session.id, { type: 'exit', code: null });
      this.readiness.delete(session.tmuxName);
      await this.db.session.update({ where: { id }, data: { status: 'closed', closedAt: new Date() } });
      this.events.emit('ended', id);
    }
    if (opts.trashWorktree && session.worktreeId) {
      await this.workspace.trash.trashWorktree(userId, session.worktreeId, { sessionId: id });
      await this.db.session.update({ where: { id }, data: { status: 'trashed' } });
    }
    this.events.emit('closed', id);
    return this.get(userId, id);
  }

  /** Detaches every live client; the process keeps running in tmux. */
  async suspend(userId: string, id: string): Promise<SessionView> {
    const session = await this.requireLive(userId, id);
    this.hubs.end(session.id, { type: 'suspended' });
    return toSessionView(await this.db.session.update({ where: { id }, data: { status: 'suspended' }, select: sessionSelect }));
  }

  async resume(userId: string, id: string): Promise<SessionView> {
    await this.requireLive(userId, id);
    return toSessionView(await this.db.session.update({ where: { id }, data: { status: 'active' }, select: sessionSelect }));
  }

  /**
   * Runs an ended (exited or closed) session again in the same row: same id (so tabs, hooks'
   * RDV_SESSION_ID, recordings and insights carry on), name, kind, folder, cwd, shell, command and
   * the env it was created with, over the folder's current preferences, as `create` would. The
   * dead pane kept since the exit is replaced by a new tmux session of the same name. A
   * `resumable` agent session resumes its conversation (`claude --resume <id>`, `codex resume
   * <id>`, ...) unless `fresh`.
   */
  async restart(userId: string, id: string, opts: { fresh?: boolean } = {}): Promise<SessionView> {
    return this.restarts.run(id, async () => {
      const session = await this.get(userId, id);
      if (!RESTARTABLE_STATUSES.includes(session.status as SessionStatus)) {
        throw new PreconditionError(session.status === 'trashed'
              ? `session ${id} has its worktree in the trash; restore the worktree first`
              : `session ${id} is ${session.status}; only an exited or closed session can be restarted`);
      }
      const stored = await this.db.session.findUniqueOrThrow({ where: { id }, select: { shell: true, env: true } });
      const prefs = await this.workspace.preferences.resolve(userId, session.folderId);
      const cwd = await resolveDirectory(session.cwd);
      const env = { ...prefs.values.env, ...parseStoredEnv(stored.env), RDV_SESSION_ID: id };
      await this.tmux.killSession(session.tmuxName).catch(() => undefined);
      await this.tmux.newSession({
        name: session.tmuxName,
        cwd,
        env,
        unsetEnv: prefs.unsetEnv.filter((name) => !(name in env)),
        cols: session.cols,
        rows: session.rows,
        shell: stored.shell ?? prefs.values.shell,
        historyLimit: prefs.values.historyLimit,
      });
      let row: SessionView;
      try {
        row = toSessionView(await this.db.session.update({
          where: { id },
          data: { status: 'active', exitCode: null, exitedAt: null, closedAt: null, lastActivityAt: new Date() },
          select: sessionSelect,
        }));
      } catch (error) {
        await this.tmux.killSession(session.tmuxName).catch(() => undefined);
        throw error;
      }
      this.trackReadiness(session.tmuxName, restartCommand(session, opts.fresh === true));
      this.events.emit('created', id);
      this.events.emit('restarted', { ...row, userId });
      return row;
    });
  }

  /**
   * A hook said which agent runs in a session and its own conversation id (`rdv hook --agent`):
   * stored so Restart can resume that conversation. Someone else's session is NOT_FOUND.
   */
  async recordAgent(userId: string, id: string, agent: { agent?: AgentName; agentSessionId?: string }): Promise<void> {
    if (!agent.agent && !agent.agentSessionId) return;
    const { count } = await this.db.session.updateMany({
      where: { id, userId },
      data: {
        ...(agent.agent ? { agent: agent.agent } : {}),
        ...(agent.agentSessionId ? { agentSessionId: agent.agentSessionId } : {}),
      },
    });
    if (count === 0) throw new NotFoundError(`session ${id} not found`);
  }

  /**
   * For `[agents] resume_on_start`, before the session watch runs: the agent sessions that were
   * live when rdv stopped, whose tmux is gone now (a reboot, a killed tmux server) and whose
   * conversation id is known, restart with their agent's resume flag. Sessions that were already
   * stopped before are left for the person to resume. Returns the ids restarted; one failure
   * does not stop the rest.
   */
  async resumeLostAgentsAtStart(): Promise<string[]> {
    const live = await this.db.session.findMany({
      where: { status: { in: LIVE_STATUSES }, agent: { not: null }, agentSessionId: { not: null } },
      select: { id: true },
    });
    if (live.length === 0) return [];
    await this.reconcile();
    const lost = await this.db.session.findMany({
      where: { id: { in: live.map((row) => row.id) }, status: 'exited', exitCode: null },
      select: { id: true, userId: true },
      orderBy: { createdAt: 'asc' },
    });
    const restarted: string[] = [];
    for (const row of lost) {
      try {
        await this.restart(row.userId, row.id);
        restarted.push(row.id);
      } catch (error) {
        this.logger.warn({ err: error, session: row.id }, 'could not resume agent session at start-up');
      }
    }
    return restarted;
  }

  /**
   * Types `text` and Enter (unless `enter: false`: a menu's key): literal keys, chunked, one
   * exec at a time per session. `paste: true` hands it over as one (bracketed) paste instead,
   * so a multi-line message reaches an agent as one message (Tmux.paste).
   */
  async exec(
    userId: string,
    id: string,
    text: string,
    options: { enter?: boolean; paste?: boolean } = {},
  ): Promise<{ ok: true }> {
    const session = await this.requireLive(userId, id, ['active']);
    await this.readiness.get(session.tmuxName);
    if (options.paste) await this.tmux.paste(session.tmuxName, text, { enter: options.enter });
    else if (options.enter === false) await this.tmux.sendText(session.tmuxName, text);
    else await this.tmux.exec(session.tmuxName, text);
    await this.db.session.update({ where: { id }, data: { lastActivityAt: new Date() } });
    return { ok: true };
  }

  async scrollback(
    userId: string,
    input: z.output<typeof sessionScrollbackInput>,
  ): Promise<{ text: string; lines: number }> {
    let session = await this.get(userId, input.id);
    // An exited session's dead pane still holds its last output (until restart or close).
    const exited = session.status === 'exited';
    if (exited && !(await this.tmux.hasSession(session.tmuxName))) return { text: '', lines: 0 };
    if (!exited) session = await this.requireLive(userId, input.id);
    const captured = await this.tmux.capturePane(session.tmuxName, {
      lines: input.lines,
      escapes: input.colors,
      joinWrapped: !input.colors,
    });
    const all = captured.replace(/\n+$/, '').split('\n');
    if (exited) {
      while (all.length && (all.at(-1) === '' || PANE_IS_DEAD.test(stripSgr(all.at(-1) ?? '')))) all.pop();
    }
    const last = all.slice(-input.lines);
    return { text: last.join('\n'), lines: last.length };
  }

  /**
   * A session that must have a tmux session behind it. If tmux lost it (killed, server gone),
   * the row is marked closed and the caller gets PRECONDITION_FAILED.
   */
  async requireLive(
    userId: string,
    id: string,
    allowed: SessionStatus[] = LIVE_STATUSES,
  ): Promise<SessionView> {
    const session = await this.get(userId, id);
    if (!allowed.includes(session.status as SessionStatus)) {
      const hint = session.status === 'suspended' ? '; resume it first' : session.status === 'exited' ? '; restart it first' : '';
      throw new PreconditionError(`session ${id} is ${session.status}${hint}`);
    }
    if (!(await this.tmux.hasSession(session.tmuxName))) {
      await this.markGone(session.id);
      throw new PreconditionError(`session ${id} has no tmux session any more (its process ended or tmux was killed); it is now exited`);
    }
    return session;
  }

  /**
   * Marks a session whose tmux session disappeared without us (killed, tmux server gone): it
   * ended without an exit status, and stays listed as exited so it can be restarted.
   */
  async markGone(id: string, exitCode: number | null = null): Promise<void> {
    const { count } = await this.db.session.updateMany({
      where: { id, status: { in: LIVE_STATUSES } },
      data: { status: 'exited', exitCode, exitedAt: new Date() },
    });
    if (count > 0) this.events.emit('ended', id);
  }

  /**
   * The owner of a live, active session, for the terminal (which caches it with the session's
   * hub, so only the first keystroke of a hub costs this database read).
   */
  async liveOwner(userId: string, id: string): Promise<HubOwner> {
    return ownerOf(await this.requireLive(userId, id, ['active']), userId);
  }

  /**
   * The process in a session ended: the row becomes `exited` with its exit code. The dead pane is
   * kept (remain-on-exit) so the last screen can still be read, until Restart or Close.
   */
  async recordExit(owner: Pick<HubOwner, 'sessionId' | 'tmuxName'>, code: number | null): Promise<void> {
    if (code === null) {
      // No exit status: the hub's client went away. Only a dead pane or a vanished session is
      // an ended session; a live pane (its client was detached) must be left alone.
      const info = await this.tmux.paneInfo(owner.tmuxName).catch(() => undefined);
      if (info && !info.dead) return;
    }
    const { count } = await this.db.session.updateMany({
      where: { id: owner.sessionId, status: { in: LIVE_STATUSES } },
      data: { status: 'exited', exitCode: code, exitedAt: new Date() },
    });
    this.readiness.delete(owner.tmuxName);
    if (count > 0) this.events.emit('ended', owner.sessionId);
  }

  /**
   * Makes rows agree with tmux: a live row whose tmux session is gone is exited without a code
   * (counted as `closed` here: lost, not ended); a session whose process died (remain-on-exit
   * keeps the pane) gets its exit code. Runs at start-up and on an interval; one tmux call (or
   * the caller's `panes`, from a census it made anyway) and one query however many sessions.
   */
  /**
   * tmux sessions on rdv's server that no live or exited session row owns: left behind by a crash
   * between creating a tmux session and writing its row, or by rows removed while the daemon was
   * down. Reported at start-up; never killed (they may hold someone's work).
   */
  async orphanTmuxSessions(): Promise<string[]> {
    return this.orphans.names();
  }

  /** A dead pane was seen without its exit status: the next reconcile must look again. */
  get awaitingExitStatus(): boolean {
    return this.deadWithoutStatus.size > 0;
  }

  async reconcile(census?: readonly TmuxSessionInfo[]): Promise<{ closed: number; exited: number }> {
    const [panes, rows] = await Promise.all([
      census ?? this.tmux.listSessions(),
      this.db.session.findMany({
        where: { status: { in: LIVE_STATUSES } },
        select: { id: true, tmuxName: true },
      }),
    ]);
    const byName = new Map(panes.map((pane) => [pane.name, pane]));
    const liveIds = new Set(rows.map((row) => row.id));
    for (const id of this.deadWithoutStatus) if (!liveIds.has(id)) this.deadWithoutStatus.delete(id);
    let closed = 0;
    let exited = 0;
    for (const row of rows) {
      const pane = byName.get(row.tmuxName);
      if (!pane) {
        await this.markGone(row.id);
        this.hubs.end(row.id, { type: 'exit', code: null });
        closed += 1;
      } else if (pane.paneDead) {
        // tmux marks a pane dead a moment before it fills in the status: give it one round.
        if (pane.paneDeadStatus === null && !this.deadWithoutStatus.has(row.id)) {
          this.deadWithoutStatus.add(row.id);
          continue;
        }
        this.deadWithoutStatus.delete(row.id);
        this.hubs.end(row.id, { type: 'exit', code: pane.paneDeadStatus });
        await this.recordExit({ sessionId: row.id, tmuxName: row.tmuxName }, pane.paneDeadStatus);
        exited += 1;
      }
    }
    if (closed || exited) this.logger.info({ closed, exited }, 'reconciled sessions with tmux');
    return { closed, exited };
  }

  private trackReadiness(tmuxName: string, command: string | undefined): void {
    const ready = (async () => {
      try {
        await this.tmux.waitForReady(tmuxName);
        if (command) await this.tmux.exec(tmuxName, command);
      } catch (error) {
        this.logger.warn({ err: error, session: tmuxName }, 'session start-up did not complete');
      } finally {
        this.readiness.delete(tmuxName);
      }
    })();
    this.readiness.set(tmuxName, ready);
  }

  private async requireFolder(userId: string, folderId: string): Promise<void> {
    const folder = await this.db.folder.findFirst({ where: { id: folderId, userId }, select: { id: true } });
    if (!folder) throw new NotFoundError(`folder ${folderId} not found`);
  }
}

/** The hub owner record of a session row. */
export function ownerOf(session: Pick<SessionView, 'id' | 'tmuxName' | 'cols' | 'rows'>, userId: string): HubOwner {
  return { sessionId: session.id, userId, tmuxName: session.tmuxName, cols: session.cols, rows: session.rows };
}

/**
 * What a restarted session types: the resume command of a resumable agent session (its id was
 * checked against AGENT_SESSION_ID_PATTERN on the way in and is checked again by resumeCommand),
 * otherwise the command it was created with.
 */
function restartCommand(session: SessionView, fresh: boolean): string | undefined {
  if (!fresh && session.resumable && session.agent && session.agentSessionId) {
    return resumeCommand(session.agent as AgentName, session.command ?? '', session.agentSessionId);
  }
  return session.command ?? undefined;
}

/** The env a session was created with (a JSON object of strings in the row); {} if unreadable. */
function parseStoredEnv(json: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}

/** 24 hex characters: unguessable, short enough to type a prefix of. */
export function newSessionId(): string {
  return randomBytes(12).toString('hex');
}

async function resolveDirectory(path: string): Promise<string> {
  let resolved: string;
  try {
    resolved = await realpath(path);
    if ((await stat(resolved)).isDirectory()) return resolved;
  } catch {
    throw new BadInputError(`working directory ${path} does not exist`);
  }
  throw new BadInputError(`working directory ${path} is not a directory`);
}
