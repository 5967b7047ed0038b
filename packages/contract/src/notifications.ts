// Notifications: what config.toml, the API and the dashboard's service worker agree on.

/** What a notification reports; `permission` is `waiting` on a permission prompt. */
export const NOTIFICATION_STATES = ['waiting', 'permission', 'stalled', 'error', 'finished'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** Webhook bodies: rdv's JSON, Slack's `{text}`, Discord's `{content}`. */
export const WEBHOOK_FORMATS = ['json', 'slack', 'discord'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
