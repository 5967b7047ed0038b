// Notifications in Chromium against the real stack. The daemon's push goes to a local receiver
// standing in for the push service (it checks the VAPID JWT and decrypts the payload with the
// subscription's keys); the decrypted payload is then delivered to the dashboard's service
// worker with CDP `ServiceWorker.deliverPushMessage`, as a push service would deliver it, and
// the notification it shows is read back with `registration.getNotifications()`.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import {
  browserSubscription,
  decryptPush,
  startReceiver,
  verifyVapid,
  waitUntil,
  type HttpReceiver,
} from '@rdv/test-support';
import { mkdtempSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { writeStandIn } from '@rdv/test-support/stand-in-agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loggedInPage, newContext } from '../helpers/browser.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  requireInteraction: boolean;
  actions: Array<{ action: string; title: string }>;
  data: { sessionId: string | null; state: string | null; promptId?: string | null };
}

/** The dashboard's service worker registration id, as CDP names it. */
async function registrationId(cdp: CDPSession, scope: string): Promise<string> {
  const found = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
    for (const r of event.registrations) if (!r.isDeleted) found.set(r.scopeURL, r.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await waitUntil(() => found.has(scope), `the service worker registration for ${scope}`);
  return found.get(scope)!;
}

function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      requireInteraction: n.requireInteraction,
      // `actions` is in Chromium's Notification, not yet in TypeScript's DOM types.
      actions: (
        (n as unknown as { actions?: Array<{ action: string; title: string }> }).actions ?? []
      ).map((a) => ({ action: a.action, title: a.title })),
      data: n.data as { sessionId: string | null; state: string | null },
    }));
  });
}

describe('notifications in the browser', () => {
  let receiver: HttpReceiver;
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({ configToml: '[notifications]\nmin_interval_seconds = 0\n' });
    browser = await launchChromium();
    context = await newContext(browser, { width: 1440, height: 900 });
    await context.grantPermissions(['notifications'], { origin: stack.baseUrl });
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
    await page.evaluate(() => navigator.serviceWorker.ready);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await receiver?.close();
  });

  it('a push from the daemon is shown by the service worker with its actions', async () => {
    // The daemon pushes to a subscription whose push service is the local receiver.
    const device = browserSubscription(`${receiver.origin}/push`);
    await stack.call('mutation', 'notifications.subscribe', { ...device.json, label: 'e2e' });
    const session = await stack.call<{ id: string }>('mutation', 'sessions.create', {
      name: 'e2e-agent',
      cwd: stack.userHome,
    });
    await stack.call('mutation', 'hooks.report', {
      sessionId: session.id,
      event: 'Notification',
      message: 'Claude needs your permission to use Bash',
    });
    await waitUntil(() => receiver.at('/push').length === 1, 'the push at the receiver');
    const [request] = receiver.at('/push');
    verifyVapid(request!.headers.authorization, receiver.origin);
    const payload = decryptPush(request!.body, device);

    await page.evaluate(() => {
      const w = window as unknown as { rdvPushMessages: unknown[] };
      w.rdvPushMessages = [];
      navigator.serviceWorker.addEventListener('message', (event) =>
        w.rdvPushMessages.push(event.data),
      );
    });
    const shown = await deliverPush(payload, `rdv-${session.id}`);
    expect(await shownNotifications(page)).toHaveLength(1);
    expect(shown).toEqual({
      title: 'e2e-agent is asking permission',
      body: `“Claude needs your permission to use Bash”\n${stack.userHome}`,
      tag: `rdv-${session.id}`,
      requireInteraction: true,
      actions: [{ action: 'open', title: 'Open session' }],
      data: { sessionId: session.id, state: 'permission', promptId: null },
    });
    // The open dashboard heard of it too.
    const messages = await page.evaluate(
      () =>
        (window as unknown as { rdvPushMessages: Array<{ type: string; title: string }> })
          .rdvPushMessages,
    );
    expect(messages).toEqual([
      expect.objectContaining({ type: 'rdv-push', title: 'e2e-agent is asking permission' }),
    ]);

    // A click on the notification itself opens that session in the open dashboard.
    expect(await page.evaluate(() => location.hash)).not.toBe(`#session=${session.id}`);
    await clickAction(`rdv-${session.id}`, '');
    await expect
      .poll(() => page.evaluate(() => location.hash), { timeout: 10_000 })
      .toBe(`#session=${session.id}`);
  });

  /**
   * Delivers a decrypted push to the dashboard's service worker as a push service would (CDP
   * `ServiceWorker.deliverPushMessage`); returns the notification it then shows under `tag`.
   */
  async function deliverPush(payload: string, tag: string): Promise<ShownNotification> {
    const cdp = await context.newCDPSession(page);
    const registration = await registrationId(cdp, `${stack.baseUrl}/`);
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: stack.baseUrl,
      registrationId: registration,
      data: payload,
    });
    const shownFor = async () => (await shownNotifications(page)).find((n) => n.tag === tag);
    await waitUntil(async () => (await shownFor()) !== undefined, `the notification ${tag}`);
    return (await shownFor())!;
  }

  /**
   * Clicks a notification's button as the browser would: a `notificationclick` with that action,
   * dispatched in the real service worker for the notification it shows (CDP cannot click one).
   */
  async function clickAction(tag: string, action: string, reply?: string): Promise<void> {
    const [worker] = context.serviceWorkers();
    if (!worker) throw new Error('no service worker');
    await worker.evaluate(
      async ([wanted, act, typed]) => {
        const sw = self as unknown as {
          registration: { getNotifications(): Promise<Notification[]> };
          dispatchEvent(event: Event): boolean;
        };
        const shown = (await sw.registration.getNotifications()).find((n) => n.tag === wanted);
        if (!shown) throw new Error(`no notification ${wanted}`);
        const NotificationEvent = (
          self as unknown as { NotificationEvent: new (type: string, init: object) => Event }
        ).NotificationEvent;
        sw.dispatchEvent(
          new NotificationEvent('notificationclick', {
            notification: shown,
            action: act,
            ...(typed === null ? {} : { reply: typed }),
          }),
        );
      },
      [tag, action, reply ?? null] as const,
    );
  }

  it("Approve on a permission prompt's notification types the agent's key; a stale one is refused and says so", async () => {
    const dir = realpathSync(mkdtempSync(join(stack.userHome, 'stand-ins-')));
    const standIn = writeStandIn(dir, 'claude', 'push-claude');
    const session = await stack.call<{ id: string }>('mutation', 'sessions.create', {
      name: 'push-claude',
      kind: 'agent',
      command: standIn.command,
      cwd: dir,
    });
    const device = browserSubscription(`${receiver.origin}/push-answer`);
    await stack.call('mutation', 'notifications.subscribe', {
      ...device.json,
      label: 'e2e answers',
    });
    await page.evaluate(() => {
      const w = window as unknown as { rdvAnswers: unknown[] };
      w.rdvAnswers = [];
      navigator.serviceWorker.addEventListener(
        'message',
        (event: MessageEvent<{ type?: string }>) => {
          if (event.data?.type === 'rdv-answer') w.rdvAnswers.push(event.data);
        },
      );
    });
    standIn.ask(); // Claude Code's "Do you want to proceed?" menu, seen on the screen

    // The push names the prompt, and the worker shows Approve and Deny.
    await waitUntil(() => receiver.at('/push-answer').length >= 1, 'the permission push', 20_000);
    const payload = decryptPush(receiver.at('/push-answer')[0]!.body, device);
    expect(JSON.parse(payload)).toMatchObject({
      state: 'permission',
      promptId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const tag = `rdv-${session.id}`;
    const shownFor = async () => (await shownNotifications(page)).find((n) => n.tag === tag);
    expect((await deliverPush(payload, tag)).actions).toEqual([
      { action: 'approve', title: 'Approve' },
      { action: 'deny', title: 'Deny' },
    ]);

    await clickAction(tag, 'approve');
    await waitUntil(() => standIn.got() !== '', 'the key at the stand-in', 10_000);
    expect(standIn.got()).toBe('1');
    const answers = () =>
      page.evaluate(() => (window as unknown as { rdvAnswers: unknown[] }).rdvAnswers);
    await expect
      .poll(answers, { timeout: 10_000 })
      .toEqual([
        { type: 'rdv-answer', sessionId: session.id, kind: 'approve', ok: true, refusal: null },
      ]);

    // The same notification again, after the prompt is gone: refused, nothing typed, and the
    // person is told (a notification of its own, which opens the session).
    await deliverPush(payload, tag);
    await clickAction(tag, 'approve');
    await expect.poll(async () => (await answers()).length, { timeout: 10_000 }).toBe(2);
    const [, refused] = (await answers()) as Array<{ ok: boolean; refusal: string }>;
    expect(refused!.ok).toBe(false);
    expect(refused!.refusal).toMatch(/prompt|screen/i);
    await waitUntil(
      async () => (await shownFor())?.title.startsWith('Not sent:') === true,
      'the refusal notification',
    );
    expect(standIn.got()).toBe('1');
  });

  it("Reply typed in a question's notification reaches the agent as its answer", async () => {
    const dir = realpathSync(mkdtempSync(join(stack.userHome, 'stand-ins-')));
    const standIn = writeStandIn(dir, 'question', 'push-asker');
    const session = await stack.call<{ id: string }>('mutation', 'sessions.create', {
      name: 'push-asker',
      kind: 'agent',
      command: standIn.command,
      cwd: dir,
    });
    const device = browserSubscription(`${receiver.origin}/push-reply`);
    await stack.call('mutation', 'notifications.subscribe', {
      ...device.json,
      label: 'e2e replies',
    });
    standIn.ask();
    await waitUntil(() => receiver.at('/push-reply').length >= 1, 'the question push', 20_000);
    const payload = decryptPush(receiver.at('/push-reply')[0]!.body, device);
    const tag = `rdv-${session.id}`;
    const shown = await deliverPush(payload, tag);
    expect(shown.actions.map((a) => a.action)).toEqual(['reply', 'open']);

    await clickAction(tag, 'reply', 'v9.9.9');
    await waitUntil(() => standIn.got() !== '', 'the reply at the stand-in', 10_000);
    expect(standIn.got()).toBe('v9.9.9\n');
  });

  it('Settings adds an ntfy topic whose URL is not shown again, and Send test reaches it', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByTestId('notification-settings');
    await settings.waitFor();
    const form = settings.getByRole('form', { name: 'Add a notification channel' });
    await form.getByLabel('Kind').selectOption('ntfy');
    await form.getByLabel('Name').fill('Phone topic');
    await form.getByLabel('Topic URL').fill(`${receiver.origin}/ntfy/SECRET-TOPIC`);
    await form.getByLabel('Token (optional)').fill('tk_e2e_secret');
    await form.getByRole('button', { name: 'Add channel' }).click();

    const channels = settings.getByRole('list', { name: 'Notification channels' });
    await channels.getByText('Phone topic').waitFor();
    const listed = await channels.innerText();
    expect(listed).toContain(receiver.origin.replace('http://', ''));
    expect(listed).not.toContain('SECRET-TOPIC');
    expect(await form.getByLabel('Topic URL').inputValue()).toBe('');

    await settings.getByRole('button', { name: 'Send test to Phone topic' }).click();
    await expect
      .poll(() => settings.getByRole('status').innerText(), { timeout: 15_000 })
      .toBe('Sent to ntfy: Phone topic.');
    const [ntfy] = receiver.at('/ntfy/SECRET-TOPIC');
    expect(ntfy!.headers.authorization).toBe('Bearer tk_e2e_secret');
    expect(ntfy!.body.toString()).toContain('Did this reach you?');

    // A phone's width: the form and the list fit without scrolling sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await settings.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
