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
    const state = noticeStateFor(change);
    this.gate.observe(change.sessionId, state);
    if (change.status === 'exited' || change.status === 'error') this.cancelTimer(change.sessionId);
    if (state) {
      const prompt = change.prompt
        ? { id: change.prompt.id, answers: change.prompt.answers }
        : undefined;
      this.attempt(
        change.sessionId,
        state,
        { question: change.message ?? null, prompt },
        change.at,
      );
    }
  }

  private onInsight(event: InsightEvent): void {
    const { insight } = event;
    const sessionId = insight.sessionId;
    if (insight.type !== 'stall_detected' || sessionId === null) return;
    if (event.kind === 'created') {
      this.gate.observe(sessionId, 'stalled');
      this.attempt(
        sessionId,
        'stalled',
        { question: insight.message },
        insight.createdAt.toISOString(),
      );
    } else if (event.kind === 'resolved' && this.gate.current(sessionId) === 'stalled') {
      this.gate.observe(sessionId, null);
    }
  }

  private attempt(
    sessionId: string,
    state: NotificationState,
    detail: NoticeDetail,
    at: string,
    waited = false,
  ): void {
    const decision = this.gate.decide(sessionId, state, waited);
    switch (decision.kind) {
      case 'send':
        this.track(this.notify(sessionId, state, detail, at));
        return;
      case 'later': {
        this.cancelTimer(sessionId);
        const timer = setTimeout(() => {
          this.timers.delete(sessionId);
          this.attempt(sessionId, state, detail, at, true);
        }, decision.afterMs);
        timer.unref();
        this.timers.set(sessionId, timer);
        return;
      }
      case 'duplicate':
      case 'disabled':
      case 'quiet':
        return;
    }
  }

  private async notify(
    sessionId: string,
    state: NotificationState,
    detail: NoticeDetail,
    at: string,
  ): Promise<void> {
    const session = await this.deps.db.session.findUnique({
      where: { id: sessionId },
      select: { userId: true, name: true, cwd: true, folder: { select: { name: true } } },
    });
    if (!session) {
      this.gate.forget(sessionId);
      return;
    }
    const notice: Notice = {
      sessionId,
      sessionName: session.name,
      folder: session.folder?.name ?? null,
      cwd: session.cwd,
      state,
      question: quote(detail.question),
      url: sessionLink(this.deps.settings.dashboardUrl, sessionId),
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
        { session: sessionId, state, failed: report.failed },
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

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
