import { z } from 'zod';
import { WEBHOOK_FORMATS } from '@rdv/contract';
import { idSchema, nameSchema } from './common.ts';

export {
  NOTIFICATION_STATE_LABELS,
  NOTIFICATION_STATES,
  WEBHOOK_FORMATS,
  type NotificationState,
  type WebhookFormat,
} from '@rdv/contract';


const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A push service URL. Browsers hand out https URLs; plain http only on this machine (a local
 * push server, the tests' receiver).
 */
const pushEndpointSchema = z
  .string()
  .max(2048, 'a push endpoint is at most 2048 characters')
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, 'a push endpoint must be an https URL');

/** base64url of exactly `bytes` bytes (padding tolerated, as some browsers add it). */
const base64urlBytes = (bytes: number, what: string) =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url`)
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `${what} must be ${bytes} bytes`);

/** `notifications.subscribe`: `PushSubscription.toJSON()` from the browser, and a device label. */
export const pushSubscribeInput = z.object({
  endpoint: pushEndpointSchema,
  keys: z.object({
    /** The browser's P-256 public key, uncompressed (65 bytes). */
    p256dh: base64urlBytes(65, 'keys.p256dh'),
    /** The 16-byte auth secret. */
    auth: base64urlBytes(16, 'keys.auth'),
  }),
  label: nameSchema.optional(),
});

export const pushUnsubscribeInput = z.object({ endpoint: pushEndpointSchema });

/** A channel URL: http(s) only (a self-hosted ntfy on the LAN is often plain http). */
const channelUrlSchema = z
  .string()
  .trim()
  .max(2048, 'a URL is at most 2048 characters')
  .refine(
    (value) => /^https?:\/\/\S+$/i.test(value) && URL.canParse(value),
    // Never repeat the value: a webhook URL is a credential.
    'must be an http(s) URL',
  );

export const channelAddInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ntfy'),
    name: nameSchema,
    /** The topic URL: `https://ntfy.sh/<topic>`. */
    url: channelUrlSchema,
    /** An access token (`tk_...`); sent as `Authorization: Bearer`. */
    token: z.string().trim().min(1).max(512).optional(),
  }),
  z.object({
    kind: z.literal('webhook'),
    name: nameSchema,
    url: channelUrlSchema,
    format: z.enum(WEBHOOK_FORMATS).default('json'),
  }),
]);

/** Channels from config.toml have ids `config:ntfy` and `config:webhook`. */
export const channelIdSchema = z.union([idSchema, z.enum(['config:ntfy', 'config:webhook'])]);

export const channelRemoveInput = z.object({ id: idSchema });

/** `notifications.test`: a test notification to one channel, or to this device's subscription. */
export const notificationTestInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('channel'), id: channelIdSchema }),
  z.object({ kind: z.literal('push'), endpoint: pushEndpointSchema }),
]);
