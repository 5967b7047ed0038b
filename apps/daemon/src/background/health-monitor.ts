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

  /** Probes every component now. Called at start-up, on the interval, and after big changes. */
  async refresh(): Promise<void> {
    const [database, tmux, tmuxSessions] = await Promise.all([
      dbPing(this.deps.db),
      this.deps.tmux.ping(),
      this.deps.tmux.listSessions().catch(() => []),
    ]);
    // A running tmux server (it has sessions: tmux exits with its last one) ends a loss.
    if (tmuxSessions.length > 0) this.lostSessions = 0;
    this.database = database;
    this.tmux = tmux && this.lostSessions === 0;
    if (database) {
      this.activeSessions = await this.deps.db.session
        .count({ where: { status: 'active' } })
        .catch(() => this.activeSessions);
    }
  }

  /**
   * The reconciler found live sessions gone from tmux. With no tmux server left, that is a lost
   * server (killed, crashed): tmux reads as down until a server runs again (a new session).
   */
  noteLostSessions(count: number): void {
    this.lostSessions += count;
    void this.refresh().catch(() => undefined);
  }

  current(): HealthStatus {
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
