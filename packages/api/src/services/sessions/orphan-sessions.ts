import { basename } from 'node:path';
import type { PrismaClient } from '@rdv/db';
import { Tmux } from '@rdv/terminal';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { MAX_COLS, MAX_ROWS, MIN_COLS, MIN_ROWS, DEFAULT_COLS, DEFAULT_ROWS } from '../../schemas/sessions.ts';
import type { SessionEvents } from './session-events.ts';
import { sessionSelect, toSessionView, type SessionView } from './session-view.ts';

/** Rows that own a tmux session: live ones, and exited ones (their dead pane is kept). */
const TMUX_OWNING = ['active', 'suspended', 'exited'];
/** What tmux says about a pane to adopt it: where it is and how big. */
const ORPHAN_FORMAT = '#{pane_current_path}\t#{window_width}\t#{window_height}\t#{pane_current_command}';
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An orphaned tmux session, as `sessions.orphans` lists it. */
export interface OrphanView {
  name: string;
  createdAt: string;
  attached: number;
  dead: boolean;
  cwd: string | null;
  /** The program in the foreground of its pane (`bash`, `claude`, ...). */
  command: string | null;
}

/**
 * tmux sessions on rdv's server that no session row owns: left by a crash between creating a tmux
 * session and writing its row, or by rows removed while the daemon was down. Found at start-up
 * (kept for `health`), listed, and on request adopted (a row is made for it) or killed; never
 * killed on rdv's own initiative (they may hold someone's work).
 */
export class OrphanSessions {
  private known: string[] = [];

  constructor(
    private readonly db: PrismaClient,
    private readonly tmux: Tmux,
    private readonly events: SessionEvents,
  ) {}

  /** The orphans the last look found (start-up, list, adopt, kill): what `health` shows. */
  get lastSeen(): readonly string[] {
    return this.known;
  }

  /** Names of rdv-named tmux sessions that no live or exited row owns. One tmux call, one query. */
  async names(): Promise<string[]> {
    const panes = await this.tmux.listSessions();
    const names = [...new Set(panes.map((pane) => pane.name))].filter((name) => Tmux.isRdvSessionName(name));
    const owned = names.length === 0 ? [] : await this.db.session.findMany({
      where: { tmuxName: { in: names }, status: { in: TMUX_OWNING } },
      select: { tmuxName: true },
    });
    const ownedNames = new Set(owned.map((row) => row.tmuxName));
    this.known = names.filter((name) => !ownedNames.has(name));
    return this.known;
  }

  async list(): Promise<OrphanView[]> {
    const names = new Set(await this.names());
    if (names.size === 0) return [];
    const panes = (await this.tmux.listSessions()).filter((pane) => names.has(pane.name));
    return Promise.all(panes.map(async (pane) => {
      const where = await this.where(pane.name).catch(() => null);
      return {
        name: pane.name,
        createdAt: pane.created.toISOString(),
        attached: pane.attached,
        dead: pane.paneDead,
        cwd: where?.cwd ?? null,
        command: where?.command ?? null,
      };
    }));
  }

  /**
   * Gives an orphan a row, owned by the caller: an active shell session in the pane's current
   * folder and size. An orphan named `rdv-<id>` keeps that id when no row has it (the crash
   * between tmux and the row), so the `RDV_SESSION_ID` its shell already has is right.
   */
  async adopt(userId: string, name: string): Promise<SessionView> {
    await this.requireOrphan(name);
    // A closed row may still carry the name (closed while its tmux session could not be killed,
    // or a database from a backup): the name is unique, so that row cannot be doubled.
    const holder = await this.db.session.findUnique({ where: { tmuxName: name }, select: { id: true, userId: true } });
    if (holder) {
      throw new ConflictError(
        holder.userId === userId
          ? `closed session ${holder.id} still names ${name}, so it cannot be adopted (restarting that session replaces it; kill ends it)`
          : `another session still names ${name}; kill the orphan instead`,
      );
    }
    const where = await this.where(name);
    const fromName = Tmux.idFromSessionName(name);
    const taken = fromName && SESSION_ID.test(fromName)
      ? await this.db.session.findUnique({ where: { id: fromName }, select: { id: true } })
      : { id: '' };
    const row = await this.db.session.create({
      data: {
        ...(taken === null && fromName ? { id: fromName } : {}),
        userId,
        name: basename(where.cwd) || name,
        kind: 'shell',
        command: null,
        cwd: where.cwd,
        env: '{}',
        tmuxName: name,
        cols: where.cols,
        rows: where.rows,
        lastActivityAt: new Date(),
      },
      select: sessionSelect,
    });
    this.known = this.known.filter((orphan) => orphan !== name);
    this.events.emit('created', row.id);
    return toSessionView(row);
  }

  /** Kills an orphan's tmux session (and whatever runs in it). */
  async kill(name: string): Promise<{ name: string }> {
    await this.requireOrphan(name);
    await this.tmux.killSession(name);
    this.known = this.known.filter((orphan) => orphan !== name);
    return { name };
  }

  /** Only a current orphan may be adopted or killed: never a session that a row owns. */
  private async requireOrphan(name: string): Promise<void> {
    if (!(await this.names()).includes(name)) throw new NotFoundError(`no orphaned tmux session named ${name}`);
  }

  private async where(name: string): Promise<{ cwd: string; cols: number; rows: number; command: string | null }> {
    const out = await this.tmux.run([['display-message', '-p', '-t', `=${name}:`, ORPHAN_FORMAT]]);
    const [cwd = '', width = '', height = '', command = ''] = out.replace(/\n$/, '').split('\t');
    return {
      cwd: cwd || '/',
      cols: clamp(Number.parseInt(width, 10), MIN_COLS, MAX_COLS, DEFAULT_COLS),
      rows: clamp(Number.parseInt(height, 10), MIN_ROWS, MAX_ROWS, DEFAULT_ROWS),
      command: command || null,
    };
  }
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}
