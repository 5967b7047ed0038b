import type { NotificationState, WebhookFormat } from '../../schemas/notifications.ts';

export {
  NOTIFICATION_STATE_LABELS,
  NOTIFICATION_STATES,
  type NotificationState,
  type WebhookFormat,
} from '../../schemas/notifications.ts';

/**
 * `[notifications]` from config.toml, as the daemon maps it. Channel URLs and the token are
 * secrets: never log this object.
 */
export interface NotificationSettings {
  /** Base of the links in notifications. */
  dashboardUrl: string;
  /** States that are sent. @default all */
  states?: readonly NotificationState[];
  /** One notification per session at most this often. @default DEFAULT_MIN_INTERVAL_MS */
  minIntervalMs?: number;
  /** Local minutes after midnight, `[start, end)`, may wrap midnight; nothing is sent then. */
  quietHours?: { startMinute: number; endMinute: number } | null;
  /** The VAPID `sub` claim. @default 'mailto:rdv@localhost' */
  vapidSubject?: string;
  ntfy?: { url: string; token: string | null } | null;
  webhook?: { url: string; format: WebhookFormat } | null;
}

/** @default 15 s */
export const DEFAULT_MIN_INTERVAL_MS = 15_000;
export const DEFAULT_VAPID_SUBJECT = 'mailto:rdv@localhost';
