import type { PrismaClient } from '@rdv/db';
import type { Tmux } from '@rdv/terminal';
import type { ApiLogger } from '../../../types.ts';
import type { AgentStatus } from '../../../schemas/agent-status.ts';
import {
  statusSessionSelect,
  type AgentStatusService,
} from '../agent-status/agent-status-service.ts';
import type { BackgroundTask } from '../../background-task.ts';
import { loadFolderTree, type FolderTree } from '../../workspace/folders/folder-tree.ts';
import type { SafeInjector } from '../injection/safe-injector.ts';
import type { InsightService } from '../insight-service.ts';
import { orchestratorSelect } from '../orchestrator-service.ts';
import { scopeMatcher } from '../orchestrator-scope.ts';
import {
  insightKey,
  monitoredSessionSelect,
  OrchestratorChecks,
  type MonitoredSession,
  type OpenInsights,
  type TickReport,
} from './orchestrator-checks.ts';
import { ScreenObserver, type Observation } from './screen-observer.ts';
import { StatusWatch, type WatchReport, type WatchScope } from './status-watch.ts';
import { takeCensus, type CensusRow } from './tmux-census.ts';

export type { TickReport } from './orchestrator-checks.ts';
export type { WatchReport } from './status-watch.ts';

/**
 * A permission menu at the bottom of the screen outranks a hook's word: an agent whose hooks said
 * "running" (PreToolUse) and then asks without a hook would otherwise look busy for minutes.
 */
function permissionMenuShown(observation: Observation): boolean {
  return observation.verdict.status === 'waiting' && observation.prompt?.kind === 'permission';
}

/** `[monitoring] interval_seconds` default: how often the monitor wakes. */
export const DEFAULT_MONITOR_INTERVAL_MS = 30_000;

export interface MonitoringSettings {
  /** How often the monitor wakes; each orchestrator is checked when its own interval has passed. */
  intervalMs: number;
  /** @default DEFAULT_MAX_CONCURRENT_CAPTURES */
  maxConcurrentCaptures?: number;
}

/**
 * The monitoring background service. Agent status stays current through `watch`, which the
 * session watch calls every second with its tmux census and which reads only screens that may
 * have changed (see StatusWatch). On every (slower) wake-up the monitor reads the screens of
 * agent sessions and of sessions some active orchestrator watches, updates their agent status
 * from the screen (unless a hook reported recently), and for each orchestrator whose interval has passed raises,
 * updates and resolves insights: a busy-looking session without change for the stall threshold
 * (`stall_detected`, one per stall, severity rising, auto-intervention nudge at most once), a
 * session waiting for input too long, an agent in error or exited with an error. The clock is
 * injected; tests call `tick()` directly.
 */
export class MonitoringService {
  readonly task: BackgroundTask;
  private readonly observer: ScreenObserver;
  private readonly checks: OrchestratorChecks;
  private readonly statusWatch: StatusWatch;
  private readonly lastChecked = new Map<string, number>();
  private running: Promise<TickReport> | null = null;
  /** The round and the watch share the observer's memory: one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      db: PrismaClient;
      tmux: Pick<Tmux, 'captureForReplay' | 'run'>;
      agentStatus: AgentStatusService;
      insights: InsightService;
      injector: Pick<SafeInjector, 'inject'>;
      logger: ApiLogger;
      now: () => Date;
      settings: MonitoringSettings;
    },
  ) {
    this.observer = new ScreenObserver(deps.tmux, deps.logger, deps.settings.maxConcurrentCaptures);
    this.checks = new OrchestratorChecks(deps);
    this.statusWatch = new StatusWatch({
      observer: this.observer,
      loadScope: async () => (await this.loadScope()).scope,
      apply: async (watched, fresh, nowMs) => {
        const report = { statusChanges: 0 } as TickReport;
        await this.updateStatuses(watched, fresh, nowMs, report);
        return report.statusChanges;
      },
      now: deps.now,
    });
    this.task = {
      name: 'monitoring',
      intervalMs: deps.settings.intervalMs,
      run: async (signal) => void (await this.tick(signal)),
    };
  }

  /** One monitoring round; concurrent calls share the round in progress. */
  tick(signal?: AbortSignal): Promise<TickReport> {
    this.running ??= this.exclusive(() => this.round(signal)).finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Agent status from the screens that may have changed, given the census the session watch
   * took (`takeCensus`); without one, takes its own. Runs every second.
   */
  watch(census?: readonly CensusRow[]): Promise<WatchReport> {
    return this.exclusive(async () =>
      this.statusWatch.check(census ?? (await takeCensus(this.deps.tmux))),
    );
  }

  /**
   * Whether any screen decides a status: a live agent session, or an orchestrator that may
   * watch sessions. Two counts; the session watch asks it every few seconds when all is quiet.
   */
  async screensWatched(): Promise<boolean> {
    const { db } = this.deps;
    const [agents, orchestrators] = await Promise.all([
      db.session.count({ where: { status: { in: ['active', 'suspended'] }, kind: 'agent' } }),
      db.orchestrator.count({ where: { paused: false } }),
    ]);
    return agents > 0 || orchestrators > 0;
  }

  /**
   * Someone typed into a session: its screen is read again at the next watch (within a second),
   * and a hook's `waiting` no longer outranks the screen: the person has answered.
   */
  noteInput(sessionId: string): void {
    this.statusWatch.noteInput(sessionId);
    this.deps.agentStatus.inputArrived(sessionId);
  }

  /** A session ended: its agent status becomes `exited` or `error` now, not at the next round. */
  async sessionEnded(sessionId: string): Promise<void> {
    await this.settleClosedSessions({ statusChanges: 0 } as TickReport, sessionId);
  }

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Live sessions, the orchestrators' scopes, and the sessions whose screens are read. */
  private async loadScope() {
    const { db } = this.deps;
    const [orchestrators, sessions] = await Promise.all([
      db.orchestrator.findMany({
        where: { paused: false },
        select: { ...orchestratorSelect, userId: true },
      }),
      db.session.findMany({
        where: { status: { in: ['active', 'suspended'] } },
        select: monitoredSessionSelect,
      }),
    ]);
    const trees = new Map<string, FolderTree>();
    for (const o of orchestrators) {
      if (o.folderId && !trees.has(o.userId))
        trees.set(o.userId, await loadFolderTree(db, o.userId));
    }
    const scopes = orchestrators.map((o) => ({
      o,
      matches: scopeMatcher(o, trees.get(o.userId) ?? new Map()),
    }));
    const watched = sessions.filter(
      (s) => s.kind === 'agent' || scopes.some(({ matches }) => matches(s)),
    );
    const scope: WatchScope = { sessions, watched };
    return { orchestrators, scopes, scope };
  }

  private async round(signal?: AbortSignal): Promise<TickReport> {
    const nowMs = this.deps.now().getTime();
    const report: TickReport = {
      observed: 0,
      statusChanges: 0,
      orchestratorsChecked: 0,
      created: 0,
      updated: 0,
      resolved: 0,
      nudged: 0,
    };
    const [{ orchestrators, scopes, scope }, panes] = await Promise.all([
      this.loadScope(),
      takeCensus(this.deps.tmux),
    ]);
    const { sessions, watched } = scope;
    this.observer.retain(new Set(watched.map((s) => s.id)));
    this.deps.agentStatus.retain(new Set(sessions.map((s) => s.id)));
    const paneMap = new Map(panes.map((pane) => [pane.name, pane]));
    const fresh = signal?.aborted
      ? new Map<string, Observation>()
      : await this.observer.observeBatch(watched, paneMap, nowMs, this.deps.settings.intervalMs);
    report.observed = fresh.size;

    await this.updateStatuses(watched, fresh, nowMs, report);
    await this.settleClosedSessions(report);
    if (signal?.aborted) return report;

    const due = scopes.filter(
      ({ o }) => nowMs - (this.lastChecked.get(o.id) ?? -Infinity) >= o.intervalSeconds * 1000,
    );
    for (const id of this.lastChecked.keys())
      if (!orchestrators.some((o) => o.id === id)) this.lastChecked.delete(id);
    const open: OpenInsights = new Map();
    for (const insight of await this.deps.insights.openFor(due.map(({ o }) => o.id))) {
      open.set(
        insightKey(insight.orchestratorId ?? '', insight.sessionId ?? '', insight.type),
        insight,
      );
    }
    const live = new Map(sessions.map((s) => [s.id, s]));
    for (const { o, matches } of due) {
      this.lastChecked.set(o.id, nowMs);
      report.orchestratorsChecked += 1;
      try {
        for (const session of watched) {
          if (!matches(session)) continue;
          // Only this round's read: a stale one would make a session whose capture fails look stalled.
          await this.checks.checkSession(o, session, fresh.get(session.id), open, nowMs, report);
        }
        for (const insight of open.values()) {
          if (insight.orchestratorId !== o.id || insight.type === 'agent_exited') continue;
          const session = insight.sessionId ? live.get(insight.sessionId) : undefined;
          if (session && matches(session)) continue;
          const reason = session ? 'session left the scope' : 'session closed';
          await this.deps.insights.autoResolve(o.userId, insight, { reason });
          report.resolved += 1;
        }
        await this.checks.checkExits(o, matches, report);
      } catch (error) {
        this.deps.logger.error(
          { err: error, orchestrator: o.id },
          'monitoring an orchestrator failed',
        );
      }
    }
    return report;
  }

  /** Screen (and dead-pane) status for the watched sessions; a fresh hook report wins. */
  private async updateStatuses(
    watched: MonitoredSession[],
    fresh: ReadonlyMap<string, Observation>,
    nowMs: number,
    report: TickReport,
  ): Promise<void> {
    const changed: string[] = [];
    for (const session of watched) {
      const observation = fresh.get(session.id);
      if (!observation) continue;
      if (observation.changedNow) changed.push(session.id);
      let next: { status: AgentStatus; source: 'exit' | 'screen'; reason: string } | null = null;
      if (observation.dead) {
        const failed = observation.deadStatus !== null && observation.deadStatus !== 0;
        next = {
          status: failed ? 'error' : 'exited',
          source: 'exit',
          reason: `process exited (${observation.deadStatus ?? 'unknown status'})`,
        };
      } else if (
        observation.verdict.status &&
        (!this.deps.agentStatus.hookIsFresh(session.id, nowMs) || permissionMenuShown(observation))
      ) {
        next = {
          status: observation.verdict.status,
          source: 'screen',
          reason: observation.verdict.reason,
        };
      }
      if (next && next.status !== session.agentStatus) {
        const waiting = next.status === 'waiting';
        const question = waiting ? observation.verdict.question : undefined;
        const prompt = waiting ? observation.prompt : null;
        const { agentStatus } = this.deps;
        if (
          await agentStatus.set(session, next.status, next.source, next.reason, question, prompt)
        ) {
          session.agentStatusAt = new Date(nowMs);
          report.statusChanges += 1;
        }
      }
      // Waiting (a hook may have said so first): the dashboard needs the prompt to answer it.
      this.deps.agentStatus.promptSeen(session, observation.prompt);
    }
    if (changed.length) {
      await this.deps.db.session.updateMany({
        where: { id: { in: changed } },
        data: { lastActivityAt: new Date(nowMs) },
      });
    }
  }

  /** Ended sessions that still look alive in their agent status become `exited` (or `error`). */
  private async settleClosedSessions(report: TickReport, sessionId?: string): Promise<void> {
    const rows = await this.deps.db.session.findMany({
      where: {
        ...(sessionId === undefined ? {} : { id: sessionId }),
        status: { in: ['exited', 'closed', 'trashed'] },
        OR: [
          { kind: 'agent', agentStatus: null },
          { agentStatus: { in: ['running', 'waiting', 'idle'] } },
        ],
      },
      select: { ...statusSessionSelect, exitCode: true },
      take: 500,
    });
    for (const row of rows) {
      const failed = row.exitCode !== null && row.exitCode !== 0;
      const reason = row.exitCode === null ? 'session closed' : `process exited (${row.exitCode})`;
      if (await this.deps.agentStatus.set(row, failed ? 'error' : 'exited', 'exit', reason))
        report.statusChanges += 1;
      this.deps.agentStatus.forget(row.id);
    }
  }
}
