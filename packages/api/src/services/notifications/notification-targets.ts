import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@rdv/db';
import type { z } from 'zod';
import { NotFoundError, PreconditionError } from '../../errors.ts';
import type { channelAddInput, pushSubscribeInput } from '../../schemas/notifications.ts';
import { redactUrl } from './delivery.ts';
import type { NotificationSettings, WebhookFormat } from './notification-settings.ts';

/** A channel as Settings lists it: no URL beyond its host, no token. */
export interface ChannelView {
  id: string;
  kind: 'ntfy' | 'webhook';
  name: string;
  /** `settings`: added in Settings (removable); `config`: from config.toml. */
  source: 'settings' | 'config';
  target: string;
  format: WebhookFormat | 'ntfy';
  hasToken: boolean;
}

export interface SubscriptionView {
  id: string;
  label: string;
  /** The push service's host (fcm.googleapis.com, updates.push.services.mozilla.com). */
  service: string;
  /**
   * sha256 of the endpoint (base64url, 22 characters): lets a browser find its own row without
   * the list showing endpoints, which are capabilities (whoever has one can push to the device).
   */
  endpointHash: string;
  createdAt: Date;
  lastSentAt: Date | null;
}

/** A channel with its secrets, for sending only. */
export interface Channel {
  id: string;
  kind: 'ntfy' | 'webhook';
  name: string;
  url: string;
  token: string | null;
  format: WebhookFormat | 'ntfy';
  source: 'settings' | 'config';
}

const channelSelect = {
  id: true,
  kind: true,
  name: true,
  url: true,
  token: true,
  format: true,
} satisfies Prisma.NotificationChannelSelect;

export const subscriptionSelect = {
  id: true,
  endpoint: true,
  p256dh: true,
  auth: true,
  label: true,
  createdAt: true,
  lastSentAt: true,
} satisfies Prisma.PushSubscriptionSelect;

export type Subscription = Prisma.PushSubscriptionGetPayload<{ select: typeof subscriptionSelect }>;

/** Most push subscriptions and channels one user may have. */
export const MAX_SUBSCRIPTIONS_PER_USER = 50;
export const MAX_CHANNELS_PER_USER = 20;

/**
 * Where notifications go: each user's push subscriptions and Settings channels (in the
 * database), and config.toml's channels (for everyone). Lists show no secret.
 */
export class NotificationTargets {
  constructor(
    private readonly db: PrismaClient,
    private readonly settings: Pick<NotificationSettings, 'ntfy' | 'webhook'>,
  ) {}

  async subscriptionViews(userId: string): Promise<SubscriptionView[]> {
    const rows = await this.subscriptionsOf(userId);
    return rows.map((s) => ({
      id: s.id,
      label: s.label,
      service: redactUrl(s.endpoint).replace(/\/…$/, ''),
      endpointHash: endpointHash(s.endpoint),
      createdAt: s.createdAt,
      lastSentAt: s.lastSentAt,
    }));
  }

  async channelViews(userId: string): Promise<ChannelView[]> {
    return (await this.channelsOf(userId)).map(channelView);
  }

  subscriptionsOf(userId: string): Promise<Subscription[]> {
    return this.db.pushSubscription.findMany({
      where: { userId },
      select: subscriptionSelect,
      orderBy: { createdAt: 'asc' },
    });
  }

  subscription(userId: string, endpoint: string): Promise<Subscription | null> {
    return this.db.pushSubscription.findFirst({
      where: { userId, endpoint },
      select: subscriptionSelect,
    });
  }

  /** Stores (or refreshes) a browser's subscription; an endpoint is one device's. */
  async subscribe(
    userId: string,
    input: z.output<typeof pushSubscribeInput>,
  ): Promise<{ id: string }> {
    const count = await this.db.pushSubscription.count({ where: { userId } });
    const existing = await this.db.pushSubscription.findUnique({
      where: { endpoint: input.endpoint },
      select: { id: true },
    });
    if (!existing && count >= MAX_SUBSCRIPTIONS_PER_USER)
      throw new PreconditionError(
        `at most ${MAX_SUBSCRIPTIONS_PER_USER} devices; remove one first`,
      );
    const data = {
      userId,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      label: input.label ?? 'Browser',
    };
    return this.db.pushSubscription.upsert({
      where: { endpoint: input.endpoint },
      create: { endpoint: input.endpoint, ...data },
      update: data,
      select: { id: true },
    });
  }

  /** Removes the caller's subscription with this endpoint (idempotent). */
  async unsubscribe(userId: string, endpoint: string): Promise<{ removed: boolean }> {
    const { count } = await this.db.pushSubscription.deleteMany({ where: { userId, endpoint } });
    return { removed: count > 0 };
  }

  /** The push service said the subscription is gone (404/410). */
  async drop(subscriptionId: string): Promise<void> {
    await this.db.pushSubscription.deleteMany({ where: { id: subscriptionId } });
  }

  async markSent(subscriptionId: string, at: Date): Promise<void> {
    await this.db.pushSubscription.updateMany({
      where: { id: subscriptionId },
      data: { lastSentAt: at },
    });
  }

  async addChannel(userId: string, input: z.output<typeof channelAddInput>): Promise<ChannelView> {
    const count = await this.db.notificationChannel.count({ where: { userId } });
    if (count >= MAX_CHANNELS_PER_USER)
      throw new PreconditionError(`at most ${MAX_CHANNELS_PER_USER} channels; remove one first`);
    const row = await this.db.notificationChannel.create({
      data: {
        userId,
        kind: input.kind,
        name: input.name,
        url: input.url,
        token: input.kind === 'ntfy' ? (input.token ?? null) : null,
        format: input.kind === 'ntfy' ? 'ntfy' : input.format,
      },
      select: channelSelect,
    });
    return channelView(toChannel(row));
  }

  async removeChannel(userId: string, id: string): Promise<{ removed: true }> {
    const { count } = await this.db.notificationChannel.deleteMany({ where: { id, userId } });
    if (count === 0) throw new NotFoundError(`channel ${id} not found`);
    return { removed: true };
  }

  /** The user's Settings channels, then config.toml's. */
  async channelsOf(userId: string): Promise<Channel[]> {
    const rows = await this.db.notificationChannel.findMany({
      where: { userId, enabled: true },
      select: channelSelect,
      orderBy: { createdAt: 'asc' },
    });
    const channels = rows.map(toChannel);
    const { ntfy, webhook } = this.settings;
    if (ntfy)
      channels.push({
        id: 'config:ntfy',
        kind: 'ntfy',
        name: 'ntfy (config.toml)',
        url: ntfy.url,
        token: ntfy.token,
        format: 'ntfy',
        source: 'config',
      });
    if (webhook)
      channels.push({
        id: 'config:webhook',
        kind: 'webhook',
        name: 'webhook (config.toml)',
        url: webhook.url,
        token: null,
        format: webhook.format,
        source: 'config',
      });
    return channels;
  }
}

/** @see SubscriptionView.endpointHash */
export function endpointHash(endpoint: string): string {
  return createHash('sha256').update(endpoint).digest('base64url').slice(0, 22);
}

function toChannel(
  row: Prisma.NotificationChannelGetPayload<{ select: typeof channelSelect }>,
): Channel {
  return {
    id: row.id,
    kind: row.kind === 'ntfy' ? 'ntfy' : 'webhook',
    name: row.name,
    url: row.url,
    token: row.token,
    format: row.format as WebhookFormat | 'ntfy',
    source: 'settings',
  };
}

function channelView(channel: Channel): ChannelView {
  return {
    id: channel.id,
    kind: channel.kind,
    name: channel.name,
    source: channel.source,
    target: redactUrl(channel.url),
    format: channel.format,
    hasToken: channel.token !== null,
  };
}
