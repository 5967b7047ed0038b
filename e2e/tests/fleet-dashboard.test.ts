// The fleet in the dashboard, against a real second machine on loopback: a second OS account
// running its own rdv-server, reached through a real sshd (tests/helpers/ssh-host.ts; needs root
// and OpenSSH, as tests/hosts does). The home dashboard lists both machines, creates a session on
// the host and types into it (what the host's shell wrote is checked in that account's home),
// keeps the host's sessions listed while sshd is down, and is live again once it is back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshHost } from '../../tests/helpers/ssh-host.ts';
import {
  activeSessionId,
  launchChromium,
  loggedInPage,
  newContext,
  typeInTerminal,
  waitForTerminal,
} from '../helpers/browser.ts';
import { phoneContext } from '../helpers/phone.ts';
import { startHomeWithHost } from '../helpers/fleet.ts';
import type { Stack } from '../helpers/stack.ts';

const HOST = 'gpu';
/** The host's state changes reach the dashboard through the tunnel's checks and its 4 s poll. */
const STATE_TIMEOUT = { timeout: 60_000, interval: 250 };

function readIn(home: string, name: string): string {
  try {
    return readFileSync(join(home, name), 'utf8');
  } catch {
    return '';
  }
}

describe('the fleet in the dashboard', () => {
  let remote: SshHost;
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** The remote session, as the dashboard keys it (`gpu:<id>`). */
  let sessionKey: string;

  const group = (host: string) => page.locator(`section[data-host="${host}"]`);

  beforeAll(async () => {
    ({ remote, stack } = await startHomeWithHost(HOST));
    await stack.call('mutation', 'sessions.create', { kind: 'shell', name: 'home-shell' });
    browser = await launchChromium();
    context = await newContext(browser, { width: 1440, height: 900 });
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await remote?.cleanup();
  });

  it('lists the sessions by machine, this one first, each headed by its name and state', async () => {
    await group(HOST).waitFor();
    const hosts = await page
      .locator('section[data-host]')
      .evaluateAll((sections) => sections.map((s) => s.getAttribute('data-host')));
    expect(hosts).toEqual(['', HOST]);
    await expect.poll(() => group('').getByRole('heading').textContent()).toBe('This machine');
    await expect.poll(() => group(HOST).getByRole('heading').textContent()).toBe(HOST);
    await expect
      .poll(() => group(HOST).getAttribute('data-host-state'), STATE_TIMEOUT)
      .toBe('connected');
    await expect
      .poll(() => group('').locator('li[data-session-id]', { hasText: 'home-shell' }).count())
      .toBe(1);
    expect(
      await group(HOST)
        .getByText(/No sessions on gpu/)
        .count(),
    ).toBe(1);
  });

  it('creates a session on the host from its group, and what is typed runs there', async () => {
    await page.getByRole('button', { name: `New session on ${HOST}` }).click();
    const dialog = page.getByRole('dialog', { name: 'New session' });
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    sessionKey = await activeSessionId(page);
    expect(sessionKey).toMatch(new RegExp(`^${HOST}:[A-Za-z0-9_-]+$`));
    // The session is the host's: its daemon lists it, its row is in the host's group.
    await group(HOST).locator(`[data-qualified-id="${sessionKey}"]`).waitFor({ timeout: 30_000 });
    // The account's own bash prompt (user@host:~$).
    await waitForTerminal(page, sessionKey, /\$\s*$/m, 30_000);
    await typeInTerminal(
      page,
      sessionKey,
      'echo fleet-$((6*7)) > ~/fleet-typed.txt; cat ~/fleet-typed.txt\n',
    );
    await waitForTerminal(page, sessionKey, /^fleet-42$/m);
    // What reached the host's pty: its shell, as its own account, wrote the file in its home.
    expect(readIn(remote.userHome, 'fleet-typed.txt')).toBe('fleet-42\n');
  });

  it("downloads a file of the host's session, and the palette finds its output there", async () => {
    const row = group(HOST).locator(`[data-qualified-id="${sessionKey}"]`);
    await row.getByRole('button', { name: /actions$/ }).click();
    await page.getByRole('menuitem', { name: 'Download file…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Download a file from/ });
    await dialog.getByRole('textbox').fill('fleet-typed.txt');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(readFileSync(await download.path(), 'utf8')).toBe('fleet-42\n');
    await dialog.waitFor({ state: 'detached' });

    // search.query ran on the host: its match names the host, and Enter opens the host's session.
    await page.keyboard.press('Control+K');
    const palette = page.getByTestId('search-palette');
    await palette.getByRole('combobox').fill('fleet-42');
    const match = palette.locator('[role="option"][data-kind="match"]', { hasText: `${HOST}: ` });
    await expect.poll(() => match.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await palette.getByRole('combobox').press('Escape');
    await palette.waitFor({ state: 'detached' });

    // Its heading picks the host for the panels: the Worktrees panel is the host's, and says so.
    await group(HOST).getByRole('button', { name: HOST, exact: true }).click();
    await page.getByRole('button', { name: 'Worktrees', exact: true }).click();
    await expect.poll(() => page.getByTestId('panel-host').textContent()).toBe(`On ${HOST}`);
    await page.getByRole('button', { name: 'Worktrees', exact: true }).click();
    await group('').getByRole('button', { name: 'This machine', exact: true }).click();
  });

  it("keeps the host's sessions listed, unreachable and inert, while sshd is down (a reload too)", async () => {
    await remote.stopSshd();
    await expect
      .poll(() => group(HOST).getAttribute('data-host-state'), STATE_TIMEOUT)
      .not.toBe('connected');
    await expect.poll(() => group(HOST).getAttribute('data-live'), STATE_TIMEOUT).toBe('false');
    const row = group(HOST).locator(`[data-qualified-id="${sessionKey}"]`);
    expect(await row.getAttribute('data-unreachable')).toBe('true');
    expect(await row.getByRole('button', { disabled: true }).count()).toBe(1);
    // The open tab says where its session went instead of a dead terminal.
    await page.locator(`[data-session="${sessionKey}"][data-state="unreachable"]`).waitFor();

    await page.reload();
    await group(HOST).waitFor();
    await expect.poll(() => row.getAttribute('data-unreachable'), STATE_TIMEOUT).toBe('true');
    await expect
      .poll(() =>
        group(HOST)
          .getByText(/unreachable/)
          .count(),
      )
      .toBeGreaterThan(0);
  });

  it('is live again once sshd is back: the same session, typing reaches the host', async () => {
    await remote.startSshd();
    await expect
      .poll(() => group(HOST).getAttribute('data-host-state'), STATE_TIMEOUT)
      .toBe('connected');
    await expect.poll(() => group(HOST).getAttribute('data-live'), STATE_TIMEOUT).toBe('true');
    const row = group(HOST).locator(`[data-qualified-id="${sessionKey}"]`);
    expect(await row.getAttribute('data-unreachable')).toBeNull();
    // Its row opens it again (the first button of a row opens its session).
    await row.locator('button').first().click();
    await page.locator(`[data-session="${sessionKey}"] .xterm`).waitFor({ timeout: 30_000 });
    await typeInTerminal(
      page,
      sessionKey,
      'echo back-$((2*21)) > ~/fleet-back.txt; cat ~/fleet-back.txt\n',
    );
    await waitForTerminal(page, sessionKey, /^back-42$/m, 30_000);
    expect(readIn(remote.userHome, 'fleet-back.txt')).toBe('back-42\n');
  });

  it('shows both groups on a phone (390x844) without scrolling sideways', async () => {
    const phone = await phoneContext(browser);
    try {
      const small = await loggedInPageFor(phone);
      const sidebarOpen = await small.locator('section[data-host]').count();
      if (sidebarOpen === 0) await small.getByRole('button', { name: /^Toggle sidebar/ }).click();
      await small.locator(`section[data-host="${HOST}"]`).waitFor();
      await small.locator('section[data-host=""]').waitFor();
      const overflow = await small.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        groups: [...document.querySelectorAll('section[data-host]')].map(
          (s) => s.scrollWidth - s.clientWidth,
        ),
      }));
      expect(overflow).toEqual({ page: 0, groups: [0, 0] });
    } finally {
      await phone.close();
    }
  });

  async function loggedInPageFor(phone: BrowserContext): Promise<Page> {
    // The first login link was used; the web server writes the next one to its file.
    const next = readFileSync(join(stack.home, 'server', 'web-login-url'), 'utf8').trim();
    return loggedInPage(phone, next, stack.baseUrl);
  }
});
