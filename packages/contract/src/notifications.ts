// Notifications: what config.toml, the API and the dashboard's service worker agree on.

/** What a notification reports; `permission` is `waiting` on a permission prompt. */
export const NOTIFICATION_STATES = ['waiting', 'permission', 'stalled', 'error', 'finished'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** How each state reads in a notification and in Settings: `<session> is <label>`. */
export const NOTIFICATION_STATE_LABELS: Readonly<Record<NotificationState, string>> = {
  waiting: 'waiting for input',
  permission: 'asking permission',
  stalled: 'stalled',
  error: 'errored',
  finished: 'finished',
};

/** Webhook bodies: rdv's JSON, Slack's `{text}`, Discord's `{content}`. */
export const WEBHOOK_FORMATS = ['json', 'slack', 'discord'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
