// Settings > Hosts in Chromium against the real stack and a real second machine on loopback
// (tests/helpers/ssh-host.ts: a second OS account with its own rdv-server behind a real sshd).
// A refusal is shown in ssh's own words; the host is added, shown connected, tested and removed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshHost, type SshHost } from '../../tests/helpers/ssh-host.ts';
import { launchChromium, loggedInPage, newContext } from '../helpers/browser.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

describe('Settings > Hosts', () => {
  let remote: SshHost;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let hosts: Locator;

  beforeAll(async () => {
    remote = await startSshHost();
    stack = await startStack();
    browser = await launchChromium();
    const context = await newContext(browser, { width: 1440, height: 900 });
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    hosts = page.getByTestId('settings-panel').getByTestId('host-settings');
    await hosts.getByText('No other machine yet').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await remote?.cleanup();
  });

  const form = () => hosts.getByRole('form', { name: 'Add a host' });
  async function fillAndAdd(name: string, destination: string, options: string[]) {
    await form().getByLabel('Name').fill(name);
    await form().getByLabel('SSH destination').fill(destination);
    await form().getByLabel('SSH options (optional)').fill(options.join('\n'));
    await form().getByRole('button', { name: 'Add host' }).click();
  }

  it("shows ssh's own refusal of an unknown host key, and adds nothing", async () => {
    const empty = join(stack.home, 'empty_known_hosts');
    writeFileSync(empty, '');
    const options = remote.sshOptions.map((option) =>
      option.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${empty}` : option,
    );
    await fillAndAdd('stranger', '127.0.0.1', options);
    const alert = form().getByRole('alert');
    await alert.waitFor({ timeout: 90_000 });
    expect(await alert.textContent()).toMatch(/ssh 127\.0\.0\.1: .*Host key verification failed/);
    expect(await stack.call('query', 'hosts.list')).toEqual([]);
  });

  it('refuses a destination that ssh would read as an option', async () => {
    await fillAndAdd('evil', '-oProxyCommand=touch /tmp/rdv-pwned', []);
    await expect
      .poll(() => form().getByRole('alert').textContent(), { timeout: 30_000 })
      .toMatch(/no leading dash/);
    expect(await stack.call('query', 'hosts.list')).toEqual([]);
  });

  it('adds the host: listed connected with its live sessions; Test says so', async () => {
    await fillAndAdd('remote', '127.0.0.1', remote.sshOptions);
    const item = hosts.getByRole('list', { name: 'Hosts' }).getByRole('listitem');
    await expect.poll(() => item.count(), { timeout: 90_000 }).toBe(1);
    await expect
      .poll(() => item.locator('[data-host-state]').textContent(), { timeout: 60_000 })
      .toBe('connected');
    expect(await item.textContent()).toContain('127.0.0.1');
    expect(await item.textContent()).toContain('0 live sessions');
    // The form is cleared for the next host.
    expect(await form().getByLabel('Name').inputValue()).toBe('');
    expect(await stack.call('query', 'hosts.list')).toMatchObject([
      { name: 'remote', state: 'connected' },
    ]);

    await hosts.getByRole('button', { name: 'Test remote' }).click();
    await expect
      .poll(() => hosts.getByRole('status').textContent(), { timeout: 90_000 })
      .toBe('remote: connected');
  });

  it('fits a phone screen without scrolling sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await hosts.scrollIntoViewIfNeeded();
      const overflow = await hosts.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('removes the host: gone from the list, its token revoked there', async () => {
    await hosts.getByRole('button', { name: 'Remove remote' }).click();
    await expect
      .poll(() => hosts.getByRole('status').textContent(), { timeout: 60_000 })
      .toBe('remote removed; its token there is revoked.');
    await hosts.getByText('No other machine yet').waitFor();
    expect(await stack.call('query', 'hosts.list')).toEqual([]);
    const remoteTokens = JSON.parse(
      remote.ssh(['rdv', 'token', 'list', '--json']).stdout,
    ) as Array<{ name: string }>;
    expect(remoteTokens.some((t) => t.name.startsWith('fleet-home-'))).toBe(false);
  });
});
