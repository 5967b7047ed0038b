import { createHash } from 'node:crypto';
import { post, type FetchLike } from './delivery.ts';
import { ntfyRequest, pushPayload, webhookBody, type Notice } from './notification-content.ts';
import type { WebhookFormat } from './notification-settings.ts';
import type { VapidKeys } from './vapid-keys.ts';

/** A push is worth delivering this long after it was sent (a phone offline for a while). @default 1 h */
export const PUSH_TTL_SECONDS = 3_600;

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * Web Push (RFC 8030/8291/8292): web-push signs the VAPID JWT and encrypts the payload
 * (aes128gcm); the request itself goes through fetch so that its failures are ours to describe
 * (web-push's own errors carry the endpoint). Returns the push service's status (201).
 * web-push (and the big-number and ASN.1 code under it) loads on the first push, not at start-up.
 */
export async function sendPush(
  fetchImpl: FetchLike,
  target: PushTarget,
  notice: Notice,
  vapid: VapidKeys & { subject: string },
): Promise<number> {
  const { default: webPush } = await import('web-push');
  const request = webPush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    JSON.stringify(pushPayload(notice)),
    {
      vapidDetails: {
        subject: vapid.subject,
        publicKey: vapid.publicKey,
        privateKey: vapid.privateKey,
      },
      TTL: PUSH_TTL_SECONDS,
      urgency: notice.state === 'permission' || notice.state === 'waiting' ? 'high' : 'normal',
      // A newer push for the same session replaces one still queued at the push service.
      topic: pushTopic(notice.sessionId),
    },
  );
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
  );
  // fetch sets Content-Length itself and refuses to be told.
  delete headers['Content-Length'];
  // A copy on its own ArrayBuffer: what fetch's BodyInit accepts (Buffer may share a pool).
  const body = new Uint8Array(new ArrayBuffer(request.body?.length ?? 0));
  if (request.body) body.set(request.body);
  return post(fetchImpl, request.endpoint, { headers, body });
}

/** A Topic header (at most 32 base64url characters) that names the session without showing its id. */
export function pushTopic(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url').slice(0, 32);
}

export function sendNtfy(
  fetchImpl: FetchLike,
  channel: { url: string; token: string | null },
  notice: Notice,
): Promise<number> {
  const { body, headers } = ntfyRequest(notice);
  return post(fetchImpl, channel.url, {
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      ...headers,
      ...(channel.token ? { Authorization: `Bearer ${channel.token}` } : {}),
    },
    body,
  });
}

export function sendWebhook(
  fetchImpl: FetchLike,
  channel: { url: string; format: WebhookFormat },
  notice: Notice,
): Promise<number> {
  return post(fetchImpl, channel.url, {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(webhookBody(notice, channel.format)),
  });
}
