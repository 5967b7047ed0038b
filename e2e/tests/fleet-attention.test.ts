// A host's agents reach the open home dashboard as this machine's do, against a real second
// machine on loopback (a second OS account running its own rdv-server behind a real sshd:
// tests/helpers/ssh-host.ts; needs root and OpenSSH, as tests/hosts does). The host's agent
// reports through its own daemon's socket, as its `rdv hook` does; the home page shows the
// pop-up naming the host (the page's own opt-in notification, recorded as Chromium makes it),
// counts it in the title, turns the open tab's dot, and opens the host's session on a click.
// While sshd is down the host's waiting session keeps counting (nothing said it changed); once
// back, the change it missed arrives and the count drops. A stall the host's own orchestrator
// detects pops up naming the host, shows on the dot and in the Orchestrators panel on the host.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiClient } from '@rdv/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshHost } from '../../tests/helpers/ssh-host.ts';
import { activeSessionId, launchChromium, loggedInPage, newContext } from '../helpers/browser.ts';
import { startHomeWithHost } from '../helpers/fleet.ts';
import type { Stack } from '../helpers/stack.ts';

const HOST = 'gpu';
/** The host's state changes reach the dashboard through the tunnel's checks and its 4 s poll. */
const STATE_TIMEOUT = { timeout: 60_000, interval: 250 };
const QUESTION = 'Which GPU should I use?';
/** Stands in for an agent that looks busy and never moves again: its screen says it works. */
const STUCK_AGENT = `#!/bin/sh
printf 'Working on it (esc to interrupt)\\n'
exec sleep 600
`;

interface Shown {
  title: string;
  body: string;
  tag: string;
}

/**
 * Records every notification the page makes (still made by Chromium's own Notification), so
 * the test can read what the user was shown and click it as the user would.
 */
const RECORD_NOTIFICATIONS = () => {
  const Real = window.Notification;
  const shown: Notification[] = [];
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push(this);
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Object.defineProperty(Recorded, 'requestPermission', {
    value: Real.requestPermission.bind(Real),
  });
  (window as unknown as { rdvShown: Notification[] }).rdvShown = shown;
  window.Notification = Recorded;
  // The header's toggle, switched on (the permission is granted to the context).
  localStorage.setItem('rdv.notifications', 'on');
};

describe('a host’s agents in the home dashboard', () => {
  let remote: SshHost;
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let trainerId: string;
  let homeShellId: string;
  const trainerKey = () => `${HOST}:${trainerId}`;

  /** The host's own API, on its own socket with its own token (what its agents' hooks use). */
  async function onRemote<T>(
    run: (client: ReturnType<typeof createApiClient>['client']) => Promise<T>,
  ): Promise<T> {
    const { client, close } = createApiClient({
      socketPath: join(remote.rdvHome, 'api.sock'),
      credentials: { kind: 'cli', token: remote.cliToken() },
    });
    try {
      return await run(client);
    } finally {
      await close();
    }
  }
  const report = (event: string, message?: string) =>
    onRemote((c) => c.hooks.report.mutate({ sessionId: trainerId, event, message }));

  const group = (host: string) => page.locator(`section[data-host="${host}"]`);
  const tabDot = (key: string) => page.locator(`[data-session-tab="${key}"] .dot`);
  const shown = () =>
    page.evaluate(() =>
      (window as unknown as { rdvShown: Notification[] }).rdvShown.map((n) => ({
        title: n.title,
        body: n.body,
        tag: n.tag,
      })),
    ) as Promise<Shown[]>;

  beforeAll(async () => {
    ({ remote, stack } = await startHomeWithHost(HOST));
    homeShellId = (
      await stack.call<{ id: string }>('mutation', 'sessions.create', {
        kind: 'shell',
        name: 'home-shell',
      })
    ).id;
    trainerId = (await onRemote((c) => c.sessions.create.mutate({ name: 'trainer' }))).id;
    browser = await launchChromium();
    context = await newContext(browser, { width: 1440, height: 900 });
    await context.grantPermissions(['notifications'], { origin: stack.baseUrl });
    await context.addInitScript(RECORD_NOTIFICATIONS);
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await remote?.cleanup();
  });

  it('a host’s session that starts waiting: a pop-up naming the host, the count, the tab’s dot; the pop-up opens it', async () => {
    await expect.poll(() => group(HOST).getAttribute('data-live'), STATE_TIMEOUT).toBe('true');
    const row = group(HOST).locator(`[data-qualified-id="${trainerKey()}"]`);
    await row.waitFor({ timeout: 30_000 });
    // Both sessions open as tabs, this machine's in front: the host's tab is open but not watched.
    await row.locator('button').first().click();
    await page.locator(`[data-session-tab="${trainerKey()}"]`).waitFor();
    await group('').locator(`[data-session-id="${homeShellId}"] button`).first().click();
    await expect.poll(() => activeSessionId(page)).toBe(homeShellId);
    await report('UserPromptSubmit');
    await expect
      .poll(() => tabDot(trainerKey()).getAttribute('data-status'), STATE_TIMEOUT)
      .toBe('running');
    expect(await page.title()).toBe('home-shell · rdv');
    expect(await shown()).toEqual([]);

    await report('waiting', QUESTION);
    await expect
      .poll(() => shown(), STATE_TIMEOUT)
      .toEqual([
        {
          title: `trainer on ${HOST} is waiting for input`,
          body: `“${QUESTION}”`,
          tag: `rdv-${trainerKey()}`,
        },
      ]);
    // The title counts it, the open tab's dot and the sidebar row say so, screen readers hear it.
    await expect.poll(() => page.title()).toBe('(1) home-shell · rdv');
    expect(await tabDot(trainerKey()).getAttribute('data-status')).toBe('waiting');
    expect(await row.getAttribute('data-status')).toBe('waiting');
    await expect
      .poll(() => page.getByTestId('attention-live').innerText())
      .toBe(`trainer on ${HOST} is waiting: ${QUESTION}`);

    // A click on the pop-up opens the host's session.
    await page.evaluate(() =>
      (window as unknown as { rdvShown: Notification[] }).rdvShown[0]!.dispatchEvent(
        new Event('click'),
      ),
    );
    await expect.poll(() => activeSessionId(page)).toBe(trainerKey());
    await expect
      .poll(() =>
        page
          .locator(`[data-session-tab="${trainerKey()}"] [role="tab"]`)
          .getAttribute('aria-selected'),
      )
      .toBe('true');

    // Answered on the host: the count and the dot follow.
    await report('UserPromptSubmit');
    await expect.poll(() => page.title(), STATE_TIMEOUT).toBe('trainer · rdv');
    expect(await tabDot(trainerKey()).getAttribute('data-status')).toBe('running');
  });

  it('an unreachable host’s waiting session keeps counting; the change it missed clears it once back', async () => {
    // Back to this machine's tab, so the host's session is not the one watched.
    await page.locator(`[data-session-tab="${homeShellId}"] [role="tab"]`).click();
    await expect.poll(() => activeSessionId(page)).toBe(homeShellId);
    await report('waiting', QUESTION);
    await expect.poll(() => page.title(), STATE_TIMEOUT).toBe('(1) home-shell · rdv');

    await remote.stopSshd();
    await expect.poll(() => group(HOST).getAttribute('data-live'), STATE_TIMEOUT).toBe('false');
    // Nothing said it changed: it still waits, in the title, its tab and its row.
    expect(await page.title()).toBe('(1) home-shell · rdv');
    expect(await tabDot(trainerKey()).getAttribute('data-status')).toBe('waiting');
    expect(
      await group(HOST)
        .locator(`[data-qualified-id="${trainerKey()}"]`)
        .getAttribute('data-status'),
    ).toBe('waiting');

    // Answered on the host while the home cannot see it (its daemon is up; only sshd is down).
    await report('UserPromptSubmit');
    await remote.startSshd();
    await expect.poll(() => group(HOST).getAttribute('data-live'), STATE_TIMEOUT).toBe('true');
    await expect.poll(() => page.title(), STATE_TIMEOUT).toBe('home-shell · rdv');
    expect(await tabDot(trainerKey()).getAttribute('data-status')).toBe('running');
    // One pop-up per wait (this one's and the first test's): what was caught up on is no news.
    expect((await shown()).map((n) => n.tag)).toEqual([
      `rdv-${trainerKey()}`,
      `rdv-${trainerKey()}`,
    ]);
  });

  it('a stall on the host: a pop-up naming the host, the stalled dot, the host’s Orchestrators panel; the pop-up opens it', async () => {
    const script = join(remote.userHome, 'stuck-agent.sh');
    writeFileSync(script, STUCK_AGENT, { mode: 0o755 });
    // The host's own orchestrator watches a folder of its sessions (the shortest threshold there is).
    const folder = await onRemote((c) => c.folders.create.mutate({ name: 'agents' }));
    await onRemote((c) =>
      c.orchestrators.create.mutate({
        name: 'watcher',
        folderId: folder.id,
        stallThresholdSeconds: 10,
      }),
    );
    const stuck = await onRemote((c) =>
      c.sessions.create.mutate({
        name: 'stuck',
        kind: 'agent',
        command: script,
        folderId: folder.id,
      }),
    );
    const stuckKey = `${HOST}:${stuck.id}`;
    const before = (await shown()).length;
    // The host's monitor sees it busy, then unchanged past the threshold (its rounds are 30 s).
    const stalled = () => shown().then((all) => all.slice(before));
    await expect.poll(stalled, { timeout: 150_000, interval: 500 }).toEqual([
      {
        title: `stuck on ${HOST} looks stalled`,
        body: expect.stringContaining('looks busy but its screen has not changed') as string,
        tag: `rdv-${stuckKey}`,
      },
    ]);
    const row = group(HOST).locator(`[data-qualified-id="${stuckKey}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('stalled');

    // The Orchestrators panel, on the host, lists the host's insight.
    await group(HOST).getByRole('button', { name: HOST, exact: true }).click();
    await page.getByRole('button', { name: 'Orchestrators', exact: true }).click();
    const panel = page.getByTestId('orchestrators-panel');
    await expect.poll(() => page.getByTestId('panel-host').textContent()).toBe(`On ${HOST}`);
    await expect
      .poll(() => panel.innerText())
      .toContain('Session "stuck" looks busy but its screen has not changed');
    await page.getByRole('button', { name: 'Orchestrators', exact: true }).click();

    // A click on the pop-up opens the host's session.
    await page.evaluate(
      (index) =>
        (window as unknown as { rdvShown: Notification[] }).rdvShown[index]!.dispatchEvent(
          new Event('click'),
        ),
      before,
    );
    await expect.poll(() => activeSessionId(page)).toBe(stuckKey);
    expect(await tabDot(stuckKey).getAttribute('data-status')).toBe('stalled');
  }, 240_000);
});
