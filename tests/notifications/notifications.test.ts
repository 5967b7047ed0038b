// Notifications against a real daemon and real HTTP receivers on 127.0.0.1: the push receiver
// checks the VAPID JWT and decrypts the aes128gcm payload with the keys a browser would hold;
// ntfy and webhook receivers check the bodies. Status changes come from `hooks.report`, as an
// agent's `rdv hook` sends them.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  browserSubscription,
  decryptPush,
  startReceiver,
  verifyVapid,
  waitUntil,
  type HttpReceiver,
  type ReceivedRequest,
} from '@rdv/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';

const NTFY_TOKEN = 'tk_notify_secret_token';
const WEBHOOK_SECRET_PATH = '/webhook/T000-SECRET-B000';

interface Payload {
  title: string;
  body: string;
  sessionId: string;
  state: string;
  url: string;
  tag: string;
  actions: Array<{ action: string; title: string }>;
}

describe('notifications (real daemon, local receivers)', () => {
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    receiver.respond('/push/gone', 410);
    receiver.respond('/webhook/broken', 500);
  });
  afterAll(async () => receiver.close());

  const fx = useDaemon({
    env: { SHELL: '/bin/bash' },
    config: () =>
      [
        '[notifications]',
        'dashboard_url = "https://rdv.example.test"',
        // No interval: each delivery below is there because of a state change, not a timer.
        'min_interval_seconds = 0',
        'vapid_subject = "mailto:ops@example.test"',
        '[notifications.ntfy]',
        `url = "${receiver.origin}/ntfy/agents"`,
        `token = "${NTFY_TOKEN}"`,
        '[notifications.webhook]',
        `url = "${receiver.origin}${WEBHOOK_SECRET_PATH}"`,
        'format = "slack"',
      ].join('\n'),
  });

  const device = () => browserSubscription(`${receiver.origin}/push/device`);
  let phone: ReturnType<typeof device>;
  let sessionId: string;
  let cwd: string;

  beforeAll(async () => {
    phone = device();
    const api = fx.api.client;
    await api.notifications.subscribe.mutate({ ...phone.json, label: 'Phone' });
    const folder = await api.folders.create.mutate({ name: 'backend' });
    cwd = mkdtempSync(join(tmpdir(), 'rdv-notify-'));
    sessionId = (await api.sessions.create.mutate({ name: 'api-agent', cwd, folderId: folder.id })).id;
  });

  /** The decrypted payloads the phone received, checking each request as a push service would. */
  function phonePushes(): Payload[] {
    return receiver.at('/push/device').map((request) => {
      verifyVapid(request.headers.authorization, receiver.origin);
      expect(request.headers['content-encoding']).toBe('aes128gcm');
      expect(Number(request.headers.ttl)).toBeGreaterThan(0);
      return JSON.parse(decryptPush(request.body, phone)) as Payload;
    });
  }

  it('makes the VAPID key pair at first start, private (0600), and offers the public key', async () => {
    const file = join(fx.home, 'server/vapid-keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const keys = JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string };
    const overview = await fx.api.client.notifications.get.query();
    expect(overview.vapidPublicKey).toBe(keys.publicKey);
    expect(overview.subscriptions).toEqual([
      expect.objectContaining({ label: 'Phone', service: receiver.origin.replace('http://', '') }),
    ]);
    // Config channels are listed by host only: their URLs and tokens are secrets.
    expect(overview.channels).toEqual([
      expect.objectContaining({ id: 'config:ntfy', source: 'config', target: `${receiver.origin.slice(7)}/…`, hasToken: true }),
      expect.objectContaining({ id: 'config:webhook', source: 'config', format: 'slack' }),
    ]);
    expect(JSON.stringify(overview)).not.toContain(NTFY_TOKEN);
    expect(JSON.stringify(overview)).not.toContain('SECRET');
  });

  it('a permission prompt reaches the phone (signed, encrypted), ntfy and the webhook', async () => {
    const api = fx.api.client;
    const { vapidPublicKey } = await api.notifications.get.query();
    await api.hooks.report.mutate({
      sessionId,
      event: 'Notification',
      message: 'Claude needs your permission to use Bash',
    });
    await waitUntil(
      () => receiver.at('/push/device').length === 1 && receiver.at('/ntfy/agents').length === 1 && receiver.at(WEBHOOK_SECRET_PATH).length === 1,
      'the push, the ntfy message and the webhook',
    );

    const [push] = receiver.at('/push/device') as [ReceivedRequest];
    const { claims, publicKey: signer } = verifyVapid(push.headers.authorization, receiver.origin);
    expect(signer).toBe(vapidPublicKey);
    expect(claims.sub).toBe('mailto:ops@example.test');
    const [payload] = phonePushes() as [Payload];
    expect(payload).toMatchObject({
      title: 'api-agent is asking permission',
      sessionId,
      state: 'permission',
      url: `https://rdv.example.test/#session=${sessionId}`,
      tag: `rdv-${sessionId}`,
      actions: [{ action: 'open', title: 'Open session' }],
    });
    expect(payload.body).toBe(`“Claude needs your permission to use Bash”\nbackend · ${cwd}`);

    const [ntfy] = receiver.at('/ntfy/agents') as [ReceivedRequest];
    expect(ntfy.headers.authorization).toBe(`Bearer ${NTFY_TOKEN}`);
    expect(ntfy.headers.title).toBe('api-agent is asking permission');
    expect(ntfy.headers.click).toBe(`https://rdv.example.test/#session=${sessionId}`);
    expect(ntfy.body.toString()).toContain('Claude needs your permission to use Bash');

    const [webhook] = receiver.at(WEBHOOK_SECRET_PATH) as [ReceivedRequest];
    expect(webhook.headers['content-type']).toBe('application/json');
    const slack = JSON.parse(webhook.body.toString()) as { text: string };
    expect(Object.keys(slack)).toEqual(['text']);
    expect(slack.text).toContain('api-agent is asking permission');
    expect(slack.text).toContain(`https://rdv.example.test/#session=${sessionId}`);
  });

  it('the same state reported again sends nothing; the next state change sends one', async () => {
    const api = fx.api.client;
    // Two more reports of the waiting state: not a change.
    await api.hooks.report.mutate({ sessionId, event: 'Notification', message: 'Claude needs your permission to use Bash' });
    await api.hooks.report.mutate({ sessionId, event: 'PermissionRequest' });
    // The agent stops: finished. Deliveries follow status changes in order, so a duplicate
    // would have arrived before this one.
    await api.hooks.report.mutate({ sessionId, event: 'Stop' });
    await waitUntil(
      () => ['/push/device', '/ntfy/agents', WEBHOOK_SECRET_PATH].every((path) => receiver.at(path).length >= 2),
      'the finished notifications',
    );
    expect(phonePushes().map((p) => p.state)).toEqual(['permission', 'finished']);
    expect(receiver.at('/ntfy/agents')).toHaveLength(2);
    expect(receiver.at(WEBHOOK_SECRET_PATH)).toHaveLength(2);
  });

  it('a subscription the push service says is gone (410) is dropped', async () => {
    const api = fx.api.client;
    const stale = browserSubscription(`${receiver.origin}/push/gone`);
    await api.notifications.subscribe.mutate({ ...stale.json, label: 'Old laptop' });
    expect((await api.notifications.get.query()).subscriptions.map((s) => s.label)).toEqual(['Phone', 'Old laptop']);
    await api.hooks.report.mutate({ sessionId, event: 'UserPromptSubmit' });
    await api.hooks.report.mutate({ sessionId, event: 'waiting', message: 'Which database should I use?' });
    await waitUntil(
      () => receiver.at('/push/gone').length === 1 && receiver.at(WEBHOOK_SECRET_PATH).length === 3,
      'the push to the stale subscription (and the webhook, so that later counts are settled)',
    );
    await waitUntil(
      async () => (await api.notifications.get.query()).subscriptions.length === 1,
      'the stale subscription to be dropped',
    );
    expect((await api.notifications.get.query()).subscriptions.map((s) => s.label)).toEqual(['Phone']);
    // It was a real push: signed and encrypted for that subscription.
    const [gone] = receiver.at('/push/gone') as [ReceivedRequest];
    verifyVapid(gone.headers.authorization, receiver.origin);
    expect(JSON.parse(decryptPush(gone.body, stale))).toMatchObject({
      state: 'waiting',
      body: expect.stringContaining('“Which database should I use?”'),
    });
  });

  it('Send test reaches a channel; a failing one reports why without its URL, and the log never has it', async () => {
    const api = fx.api.client;
    const before = receiver.at(WEBHOOK_SECRET_PATH).length;
    const ok = await api.notifications.test.mutate({ kind: 'channel', id: 'config:webhook' });
    expect(ok).toEqual({ delivered: ['webhook: webhook (config.toml)'], failed: [] });
    expect(receiver.at(WEBHOOK_SECRET_PATH)).toHaveLength(before + 1);

    const broken = await api.notifications.addChannel.mutate({
      kind: 'webhook',
      name: 'Discord',
      url: `${receiver.origin}/webhook/broken`,
      format: 'discord',
    });
    expect(broken.target).toBe(`${receiver.origin.slice(7)}/…`);
    const failed = await api.notifications.test.mutate({ kind: 'channel', id: broken.id });
    expect(failed).toEqual({ delivered: [], failed: [{ target: 'webhook: Discord', error: 'HTTP 500' }] });
    const [discord] = receiver.at('/webhook/broken') as [ReceivedRequest];
    expect(Object.keys(JSON.parse(discord.body.toString()) as object)).toEqual(['content']);

    const device = await api.notifications.test.mutate({ kind: 'push', endpoint: phone.json.endpoint });
    expect(device.delivered).toEqual(['push: Phone']);

    // A closed port: the error names the failure, not the address.
    const gone = await startReceiver();
    await gone.close();
    const closed = await api.notifications.addChannel.mutate({
      kind: 'ntfy',
      name: 'nowhere',
      url: `${gone.origin}/SECRET-TOPIC`,
      token: 'tk_SECRET',
    });
    const refused = await api.notifications.test.mutate({ kind: 'channel', id: closed.id });
    expect(refused.failed).toEqual([{ target: 'ntfy: nowhere', error: 'could not connect (ECONNREFUSED)' }]);
    await api.notifications.removeChannel.mutate({ id: closed.id });
    await api.notifications.removeChannel.mutate({ id: broken.id });

  });

  it('refuses bad input and changes nothing', async () => {
    const api = fx.api.client;
    const bad = browserSubscription('http://push.example.test/not-https');
    await expect(api.notifications.subscribe.mutate(bad.json)).rejects.toThrow(/https URL/);
    await expect(
      api.notifications.subscribe.mutate({ ...phone.json, keys: { ...phone.json.keys, auth: 'short' } }),
    ).rejects.toThrow(/keys\.auth must be 16 bytes/);
    await expect(
      api.notifications.addChannel.mutate({ kind: 'webhook', name: 'x', url: 'ftp://SECRET.example/x', format: 'json' }),
    ).rejects.toThrow(/must be an http\(s\) URL/);
    const overview = await api.notifications.get.query();
    expect(overview.subscriptions).toHaveLength(1);
    expect(overview.channels.map((c) => c.id)).toEqual(['config:ntfy', 'config:webhook']);
  });

  it('no secret reached the log or the audit log (deliveries, tests, refusals)', async () => {
    const audit = await fx.api.client.audit.list.query({ limit: 200 });
    const actions = JSON.stringify(audit);
    expect(actions).toContain('notifications.addChannel');
    expect(actions).toContain('notifications.subscribe');
    const log = readFileSync(join(fx.home, 'server/server.log'), 'utf8');
    for (const text of [log, actions])
      for (const secret of [NTFY_TOKEN, 'T000-SECRET-B000', 'SECRET-TOPIC', 'tk_SECRET', '/push/device', 'SECRET.example'])
        expect(text).not.toContain(secret);
  });
});
