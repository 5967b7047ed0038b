import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { HealthReporter, HealthStatus } from '@rdv/api';
import { dbPing, type PrismaClient } from '@rdv/db';
import type { Tmux } from '@rdv/terminal';
import type { BackgroundTask } from './background-services.ts';

/** How often components are probed; health calls read the cached result, so they cost ~nothing. */
export const HEALTH_CHECK_INTERVAL_MS = 5_000;

export interface LiveMetrics {
  websocketConnections(): number;
  pendingRequests(): number;
}

/**
 * Probes the database and tmux in the background and answers `health` from the last probe plus
 * live counters, so a health round trip never waits on a subprocess.
 */
export class HealthMonitor implements HealthReporter {
  private database = false;
  private tmux = false;
  /** Sessions lost with the tmux server, until a server runs again (see noteLostSessions). */
  private lostSessions = 0;
  private activeSessions = 0;
  /**
   * tmux runs (the last spawned probe, or at first its binary on PATH): a missing socket then
   * just means no server yet.
   */
  private tmuxRuns: boolean | undefined;
  private readonly startedAtMs = Date.now();

  readonly task: BackgroundTask = {
    name: 'health-check',
    intervalMs: HEALTH_CHECK_INTERVAL_MS,
    run: () => this.refresh(),
  };

  constructor(
    private readonly deps: {
      db: PrismaClient;
      tmux: Tmux;
      version: string;
      live: LiveMetrics;
      /** Orphaned tmux sessions as last seen (start-up, `rdv session orphans`). */
      orphans?: () => readonly string[];
    },
  ) {}

  /**
   * Probes every component now. Called at start-up (`quick`: no tmux process, see probeTmux),
   * on the interval, and after big changes.
   */
  async refresh({ quick = false }: { quick?: boolean } = {}): Promise<void> {
    const [database, [tmux, serverHasSessions]] = await Promise.all([
      dbPing(this.deps.db),
      this.probeTmux(quick),
    ]);
    // A running tmux server (it has sessions: tmux exits with its last one) ends a loss.
    if (serverHasSessions) this.lostSessions = 0;
    this.database = database;
    this.tmux = tmux && this.lostSessions === 0;
    if (database) {
      this.activeSessions = await this.deps.db.session
        .count({ where: { status: 'active' } })
        .catch(() => this.activeSessions);
    }
  }

  /**
   * [usable, has sessions]. The open control channel answers both without a command (it is
   * attached to a session); no socket file means no server, which is normal, once tmux is known
   * to run. Only otherwise is a `tmux` process spawned (it blocks the event loop ~15 ms).
   */
  private async probeTmux(quick: boolean): Promise<[boolean, boolean]> {
    const { tmux } = this.deps;
    if (tmux.channelOpen) return [true, true];
    this.tmuxRuns ??= onPath(tmux.bin);
    if (this.tmuxRuns && !tmux.anyServerRuns) return [true, false];
    // Start-up: the session watch attaches the channel in a moment; a spawn now would only delay
    // the first answer (~35 ms per spawn while the daemon loads). The next probe asks tmux.
    if (this.tmuxRuns && quick) return [true, false];
    const [usable, sessions] = await Promise.all([tmux.ping(), tmux.listSessions().catch(() => [])]);
    this.tmuxRuns = usable;
    return [usable, sessions.length > 0];
  }

  /**
   * The reconciler found live sessions gone from tmux. With no tmux server left, that is a lost
   * server (killed, crashed): tmux reads as down until a server runs again (a new session).
   */
  noteLostSessions(count: number): void {
    this.lostSessions += count;
    void this.refresh().catch(() => undefined);
  }

  current(): Omit<HealthStatus, 'hosts'> {
    return {
      status: this.database && this.tmux ? 'healthy' : 'degraded',
      version: this.deps.version,
      uptime_seconds: Math.floor((Date.now() - this.startedAtMs) / 1000),
      components: { database: this.database, tmux: this.tmux },
      orphaned_tmux_sessions: [...(this.deps.orphans?.() ?? [])],
      metrics: {
        active_sessions: this.activeSessions,
        websocket_connections: this.deps.live.websocketConnections(),
        pending_requests: this.deps.live.pendingRequests(),
      },
    };
  }
}

/** Whether `bin` (a path, or a name looked up on PATH) is an executable file; no process runs. */
function onPath(bin: string): boolean {
  const candidates = bin.includes('/')
    ? [bin]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, bin));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
