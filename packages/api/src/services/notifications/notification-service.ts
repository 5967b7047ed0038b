import type { PrismaClient } from '@rdv/db';
import type { z } from 'zod';
import { NotFoundError } from '../../errors.ts';
import type {
  channelAddInput,
  notificationTestInput,
  pushSubscribeInput,
} from '../../schemas/notifications.ts';
import type { ApiLogger } from '../../types.ts';
import type { StatusChange } from '../orchestration/agent-status/agent-status-service.ts';
import type { Disposable, EventLog } from '../orchestration/event-log.ts';
import type { InsightEvent } from '../orchestration/insight-service.ts';
import { sendNtfy, sendPush, sendWebhook } from './channel-senders.ts';
import { DeliveryError, type FetchLike } from './delivery.ts';
import { NotificationGate } from './notification-gate.ts';
import { noticeStateFor, quote, sessionLink, type Notice } from './notification-content.ts';
import {
  DEFAULT_MIN_INTERVAL_MS,
  DEFAULT_VAPID_SUBJECT,
  NOTIFICATION_STATES,
  type NotificationSettings,
  type NotificationState,
  type WebhookFormat,
} from './notification-settings.ts';
import {
  NotificationTargets,
  type Channel,
  type ChannelView,
  type Subscription,
  type SubscriptionView,
} from './notification-targets.ts';
import { loadOrCreateVapidKeys, type VapidKeys } from './vapid-keys.ts';

export type { ChannelView, SubscriptionView } from './notification-targets.ts';

/** What a test (or a real notification) reached and what refused it. */
export interface DeliveryReport {
  delivered: string[];
  failed: Array<{ target: string; error: string }>;
}

/**
 * Tells the person when a session needs them: Web Push to their subscribed browsers, ntfy and
 * webhooks (from config.toml, which reach every notification, and those each user added in
 * Settings). Follows agent status changes and stall insights; the gate allows one notification
 * per state change per session, no more often than the configured interval, none in quiet hours.
 * Deliveries run in the background: a slow receiver never holds up the status machinery.
 */
/** What a change says besides its state: the question, and the prompt that can be answered. */
interface NoticeDetail {
  question: string | null;
  prompt?: Notice['prompt'];
}

/** Where a notification's session is: in this daemon's database, or on a fleet host. */
type NoticeSource = { kind: 'local' } | ({ kind: 'remote' } & RemoteNoticeSource);

/**
 * A fleet host whose sessions' status changes the home daemon follows through its tunnel
 * (apps/daemon hosts/host-events.ts) and tells the home's person about, labelled with the host.
 */
export interface RemoteNoticeSource {
  /** The host's name (`rdv host add NAME`): titles say it, ids are qualified with it. */
  host: string;
  /** The home user whose browsers and channels are told: the daemon's owner. */
  userId: string;
  /** The remote session's name, folder and working directory, asked of the host; null if gone. */
  describe(sessionId: string): Promise<{ name: string; cwd: string; folder: string | null } | null>;
}

/**
 * How a remote change is taken: `live` as it happens; `baseline` the host's current statuses
 * when first followed (known, not news, as a local session's state at daemon start is not);
 * `catch-up` the current statuses after the tunnel came back: news only if different from what
 * was last seen (the change happened while the host was out of reach).
 */
export type RemoteChangeMode = 'live' | 'baseline' | 'catch-up';

export class NotificationService {
  readonly vapid: VapidKeys;
  private readonly targets: NotificationTargets;
  private readonly gate: NotificationGate;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly fetch: FetchLike;
  private readonly subject: string;

  constructor(
    private readonly deps: {
      db: PrismaClient;
      logger: ApiLogger;
      settings: NotificationSettings;
      vapidKeysFile: string;
      now: () => Date;
      /** @default globalThis.fetch */
      fetch?: FetchLike;
    },
  ) {
    this.vapid = loadOrCreateVapidKeys(deps.vapidKeysFile);
    this.targets = new NotificationTargets(deps.db, deps.settings);
    this.subject = deps.settings.vapidSubject ?? DEFAULT_VAPID_SUBJECT;
    this.fetch = deps.fetch ?? ((url, init) => fetch(url, init));
    this.gate = new NotificationGate(
      {
        states: new Set(deps.settings.states ?? NOTIFICATION_STATES),
        minIntervalMs: deps.settings.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS,
        quietHours: deps.settings.quietHours ?? null,
      },
      deps.now,
    );
  }

  /** Starts following status changes and insights; the returned disposable stops it. */
  follow(status: EventLog<StatusChange>, insights: EventLog<InsightEvent>): Disposable {
    const subscriptions = [
      status.subscribe(({ data }) => this.onStatus(data)),
      insights.subscribe(({ data }) => this.onInsight(data)),
    ];
    return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
  }

  /** Resolves when every delivery started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  // ---- Settings ----

  async overview(userId: string): Promise<{
    vapidPublicKey: string;
    subscriptions: SubscriptionView[];
    channels: ChannelView[];
    states: NotificationState[];
    minIntervalSeconds: number;
    quietHours: string | null;
  }> {
    const [subscriptions, channels] = await Promise.all([
      this.targets.subscriptionViews(userId),
      this.targets.channelViews(userId),
    ]);
    const quiet = this.deps.settings.quietHours;
    return {
      vapidPublicKey: this.vapid.publicKey,
      subscriptions,
      channels,
      states: [...(this.deps.settings.states ?? NOTIFICATION_STATES)],
      minIntervalSeconds: Math.round(
        (this.deps.settings.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS) / 1000,
      ),
      quietHours: quiet ? `${hhmm(quiet.startMinute)}-${hhmm(quiet.endMinute)}` : null,
    };
  }

  subscribe(userId: string, input: z.output<typeof pushSubscribeInput>): Promise<{ id: string }> {
    return this.targets.subscribe(userId, input);
  }

  unsubscribe(userId: string, endpoint: string): Promise<{ removed: boolean }> {
    return this.targets.unsubscribe(userId, endpoint);
  }

  addChannel(userId: string, input: z.output<typeof channelAddInput>): Promise<ChannelView> {
    return this.targets.addChannel(userId, input);
  }

  removeChannel(userId: string, id: string): Promise<{ removed: true }> {
    return this.targets.removeChannel(userId, id);
  }

  /** Sends a test notification to one channel or to this device now (no gate, no quiet hours). */
  async test(
    userId: string,
    input: z.output<typeof notificationTestInput>,
  ): Promise<DeliveryReport> {
    const notice: Notice = {
      sessionId: 'test',
      sessionName: 'rdv',
      folder: null,
      cwd: 'a test notification from Settings',
      state: 'waiting',
      question: 'Did this reach you?',
      url: `${this.deps.settings.dashboardUrl.replace(/\/+$/, '')}/`,
      at: this.deps.now().toISOString(),
    };
    if (input.kind === 'push') {
      const sub = await this.targets.subscription(userId, input.endpoint);
      if (!sub) throw new NotFoundError('this device is not subscribed');
      return this.deliver(notice, [sub], []);
    }
    const channel = (await this.targets.channelsOf(userId)).find((c) => c.id === input.id);
    if (!channel) throw new NotFoundError(`channel ${input.id} not found`);
    return this.deliver(notice, [], [channel]);
  }

  // ---- Following the sessions ----

  private onStatus(change: StatusChange): void {
    if (change.source === 'snapshot') return;
    this.takeStatus(LOCAL, change);
  }

  private onInsight(event: InsightEvent): void {
    this.takeInsight(LOCAL, event);
  }

  // ---- Following fleet hosts (through the home daemon's tunnels) ----

  /**
   * A status change of a session on a fleet host. Gated like a local one, under the session's
   * host-qualified id, so a change replayed after a reconnection is not told twice.
   */
  remoteStatus(source: RemoteNoticeSource, change: StatusChange, mode: RemoteChangeMode): void {
    const remote = { kind: 'remote' as const, ...source };
    if (mode === 'live' && change.source !== 'snapshot') {
      this.takeStatus(remote, change);
      return;
    }
    const key = gateKey(remote, change.sessionId);
    const state = noticeStateFor({ ...change, source: 'hook' });
    if (mode === 'baseline' || this.gate.current(key) === state) {
      this.gate.observe(key, state);
      return;
    }
    this.takeStatus(remote, { ...change, source: 'hook' });
  }

  /** A stall insight of a session on a fleet host (`snapshot`s are the open ones: known). */
  remoteInsight(
    source: RemoteNoticeSource,
    event: InsightEvent | { kind: 'snapshot'; insight: InsightEvent['insight'] },
  ): void {
    const remote = { kind: 'remote' as const, ...source };
    const sessionId = event.insight.sessionId;
    if (event.kind === 'snapshot') {
      if (event.insight.type === 'stall_detected' && sessionId !== null)
        this.gate.observe(gateKey(remote, sessionId), 'stalled');
      return;
    }
    this.takeInsight(remote, event);
  }

  private takeStatus(source: NoticeSource, change: StatusChange): void {
    const key = gateKey(source, change.sessionId);
    const state = noticeStateFor(change);
    this.gate.observe(key, state);
    if (change.status === 'exited' || change.status === 'error') this.cancelTimer(key);
    if (state) {
      // A remote prompt is answered on its host: its notification opens the session instead.
      const prompt =
        change.prompt && source.kind === 'local'
          ? { id: change.prompt.id, answers: change.prompt.answers }
          : undefined;
      this.attempt(
        source,
        change.sessionId,
        state,
        { question: change.message ?? null, prompt },
        change.at,
      );
    }
  }

  private takeInsight(source: NoticeSource, event: InsightEvent): void {
    const { insight } = event;
    const sessionId = insight.sessionId;
    if (insight.type !== 'stall_detected' || sessionId === null) return;
    const key = gateKey(source, sessionId);
    if (event.kind === 'created') {
      this.gate.observe(key, 'stalled');
      this.attempt(
        source,
        sessionId,
        'stalled',
        { question: insight.message },
        new Date(insight.createdAt).toISOString(),
      );
    } else if (event.kind === 'resolved' && this.gate.current(key) === 'stalled') {
      this.gate.observe(key, null);
    }
  }

  private attempt(
    source: NoticeSource,
    sessionId: string,
    state: NotificationState,
    detail: NoticeDetail,
    at: string,
    waited = false,
  ): void {
    const key = gateKey(source, sessionId);
    const decision = this.gate.decide(key, state, waited);
    switch (decision.kind) {
      case 'send':
        this.track(this.notify(source, sessionId, state, detail, at));
        return;
      case 'later': {
        this.cancelTimer(key);
        const timer = setTimeout(() => {
          this.timers.delete(key);
          this.attempt(source, sessionId, state, detail, at, true);
        }, decision.afterMs);
        timer.unref();
        this.timers.set(key, timer);
        return;
      }
      case 'duplicate':
      case 'disabled':
      case 'quiet':
        return;
    }
  }

  /** Who is told and what the session is called, from the database or from its host. */
  private async sessionOf(
    source: NoticeSource,
    sessionId: string,
  ): Promise<{ userId: string; name: string; cwd: string; folder: string | null } | null> {
    if (source.kind === 'remote') {
      const described = await source.describe(sessionId).catch(() => null);
      return described ? { userId: source.userId, ...described } : null;
    }
    const session = await this.deps.db.session.findUnique({
      where: { id: sessionId },
      select: { userId: true, name: true, cwd: true, folder: { select: { name: true } } },
    });
    return session
      ? {
          userId: session.userId,
          name: session.name,
          cwd: session.cwd,
          folder: session.folder?.name ?? null,
        }
      : null;
  }

  private async notify(
    source: NoticeSource,
    sessionId: string,
    state: NotificationState,
    detail: NoticeDetail,
    at: string,
  ): Promise<void> {
    const session = await this.sessionOf(source, sessionId);
    const key = gateKey(source, sessionId);
    if (!session) {
      this.gate.forget(key);
      return;
    }
    const notice: Notice = {
      sessionId: key,
      ...(source.kind === 'remote' ? { host: source.host } : {}),
      sessionName: session.name,
      folder: session.folder,
      cwd: session.cwd,
      state,
      question: quote(detail.question),
      url: sessionLink(this.deps.settings.dashboardUrl, key),
      at,
      ...(detail.prompt ? { prompt: detail.prompt } : {}),
    };
    const [subscriptions, channels] = await Promise.all([
      this.targets.subscriptionsOf(session.userId),
      this.targets.channelsOf(session.userId),
    ]);
    const report = await this.deliver(notice, subscriptions, channels);
    if (report.failed.length > 0) {
      // Names and reasons only: URLs, endpoints and tokens are secrets.
      this.deps.logger.warn(
        { session: key, state, failed: report.failed },
        'notification not delivered everywhere',
      );
    }
  }

  /** Delivers `notice` to every target at once; drops subscriptions the push service says are gone. */
  private async deliver(
    notice: Notice,
    subscriptions: Subscription[],
    channels: Channel[],
  ): Promise<DeliveryReport> {
    const jobs: Array<{ target: string; run: () => Promise<unknown> }> = [
      ...subscriptions.map((sub) => ({
        target: `push: ${sub.label}`,
        run: async () => {
          try {
            await sendPush(this.fetch, sub, notice, { ...this.vapid, subject: this.subject });
          } catch (error) {
            if (error instanceof DeliveryError && (error.status === 404 || error.status === 410)) {
              await this.targets.drop(sub.id);
              throw new DeliveryError(
                `the push service says this subscription has expired (HTTP ${error.status}); it was removed`,
                error.status,
              );
            }
            throw error;
          }
          await this.targets.markSent(sub.id, this.deps.now());
        },
      })),
      ...channels.map((channel) => ({
        target: `${channel.kind}: ${channel.name}`,
        run: () =>
          channel.kind === 'ntfy'
            ? sendNtfy(this.fetch, channel, notice)
            : sendWebhook(
                this.fetch,
                { url: channel.url, format: channel.format as WebhookFormat },
                notice,
              ),
      })),
    ];
    const results = await Promise.allSettled(jobs.map((job) => job.run()));
    const report: DeliveryReport = { delivered: [], failed: [] };
    results.forEach((result, i) => {
      const target = jobs[i]?.target ?? '?';
      if (result.status === 'fulfilled') report.delivered.push(target);
      else
        report.failed.push({
          target,
          error: result.reason instanceof DeliveryError ? result.reason.message : 'failed',
        });
    });
    return report;
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'could not send a notification');
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private cancelTimer(sessionId: string): void {
    const timer = this.timers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.timers.delete(sessionId);
  }
}

const LOCAL: NoticeSource = { kind: 'local' };

/** A session's key in the gate and its id in notices: `NAME:ID` for a fleet host's session. */
function gateKey(source: NoticeSource, sessionId: string): string {
  return source.kind === 'remote' ? `${source.host}:${sessionId}` : sessionId;
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
