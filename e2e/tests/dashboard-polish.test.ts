import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  loggedInPage,
  newContext,
  typeInTerminal,
  waitForTerminal,
} from '../helpers/browser.ts';
import { spawnDaemon, type DaemonChild } from '@rdv/client/daemon';
import { DEMO_APP_REPO, makeRepo } from '@rdv/test-support';
import { DAEMON_ENTRY, PROMPT, sleep, startStack, type Stack } from '../helpers/stack.ts';

/** Set in config.toml, so the Trash panel can only know it from the daemon. */
const RETENTION_DAYS = 12;

interface SessionRow {
  id: string;
  name: string;
}

/** What the open xterm.js of a session is set to (the terminal registry's `term.options`). */
function termOptions(page: Page, sessionId: string) {
  return page.evaluate((id) => {
    const handle = window.__rdv?.terminals.get(id) as unknown as
      | {
          term: {
            cols: number;
            options: { fontSize: number; scrollback: number; theme: { background?: string } };
          };
        }
      | undefined;
    if (!handle) return null;
    const { options, cols } = handle.term;
    return {
      cols,
      fontSize: options.fontSize,
      scrollback: options.scrollback,
      background: options.theme.background ?? null,
    };
  }, sessionId);
}

/** The recording player's screen as text. */
function playerText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const buffer = window.__rdvPlayer?.buffer.active;
    if (!buffer) return '';
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i += 1)
      lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').trim();
  });
}

describe('dashboard polish: settings, banners, menus, tabs, icon, recordings, worktrees', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  /** Opens a session's tab as the sidebar does (the page follows `#session=`). */
  const openTab = async (id: string) => {
    await page.evaluate((sessionId) => (location.hash = `#session=${sessionId}`), id);
    await page
      .locator(`[data-session="${id}"][data-state="live"]`)
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        // Say where the tab stood: the state and counters of its connection.
        const where = await page.evaluate((sessionId) => {
          const handle = window.__rdv?.terminals.get(sessionId);
          return handle
            ? { state: handle.state(), stats: handle.stats }
            : {
                terminal: 'none',
                hash: location.hash,
                saved: localStorage.getItem('rdv.tabs'),
                shown: [...document.querySelectorAll('[data-session]')].map(
                  (el) => `${el.getAttribute('data-session')}:${el.getAttribute('data-state')}`,
                ),
                tabs: [...document.querySelectorAll('[role="tab"]')].map((el) => el.textContent),
              };
        }, id);
        throw new Error(`tab ${id} not live: ${JSON.stringify(where)}`, { cause: error });
      });
  };

  beforeAll(async () => {
    stack = await startStack({
      configToml: `[cleanup]\ntrash_retention_days = ${RETENTION_DAYS}\n`,
    });
    browser = await launchChromium();
    context = await newContext(browser);
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
  });
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  });

  it('settings: a list of themes and bounded numbers; bad input saves nothing; good input applies to the open terminal at once', async () => {
    const shell = await stack.call<SessionRow>('mutation', 'sessions.create', { name: 'prefs' });
    await openTab(shell.id);
    await waitForTerminal(page, shell.id, PROMPT.trim());
    const before = (await termOptions(page, shell.id))!;
    expect(before).toMatchObject({ fontSize: 14, background: '#0f1115' });

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const panel = page.getByTestId('settings-panel');
    const theme = panel.getByLabel('Theme', { exact: true });
    const fontSize = panel.getByLabel('Font size', { exact: true });
    const save = panel.getByRole('button', { name: 'Save' });
    // "This level" shows the level's own values (the stack set the shell at user level).
    await expect
      .poll(() => panel.getByLabel('Shell', { exact: true }).inputValue())
      .toBe('/bin/bash');

    // The theme is a list of the themes the terminal can draw, not free text.
    expect(await theme.evaluate((el) => el.tagName)).toBe('SELECT');
    expect(
      await theme
        .locator('option')
        .evaluateAll((options) =>
          options.map((o) => [(o as HTMLOptionElement).value, o.textContent]),
        ),
    ).toEqual([
      ['', 'inherit'],
      ['default', 'Dark (default)'],
      ['light', 'Light'],
    ]);
    expect(await fontSize.getAttribute('type')).toBe('number');
    expect([await fontSize.getAttribute('min'), await fontSize.getAttribute('max')]).toEqual([
      '6',
      '72',
    ]);

    const userLevel = async () =>
      (
        await stack.call<{ values: { fontSize: number | null; theme: string | null } }>(
          'query',
          'preferences.get',
          { folderId: null },
        )
      ).values;

    // Out of range: an error, and nothing saved (not even the valid theme chosen with it).
    await theme.selectOption('light');
    await fontSize.fill('200');
    await save.click();
    await panel.getByText('Font size: a whole number from 6 to 72').first().waitFor();
    await panel
      .getByRole('alert')
      .getByText(/^Nothing was saved/)
      .waitFor();
    expect(await fontSize.getAttribute('aria-invalid')).toBe('true');
    expect(await panel.getByText('saved', { exact: true }).count()).toBe(0);
    expect(await userLevel()).toMatchObject({ fontSize: null, theme: null });

    // What the browser cannot read as a number ("1e"; letters cannot be typed at all): refused too,
    // although the input's value then reads as empty (which would mean "inherit").
    await fontSize.fill('');
    await fontSize.pressSequentially('1e');
    expect(await fontSize.evaluate((el) => (el as HTMLInputElement).validity.badInput)).toBe(true);
    await save.click();
    await panel
      .getByRole('alert')
      .getByText(/^Nothing was saved: Font size/)
      .waitFor();
    expect(await userLevel()).toMatchObject({ fontSize: null, theme: null });

    // The API refuses what the form would not send, with a clear message.
    await expect(
      stack.call('mutation', 'preferences.set', { values: { theme: 'purple' } }),
    ).rejects.toThrow(/the theme is one of: default, light/);
    await expect(
      stack.call('mutation', 'preferences.set', { values: { fontSize: 'abc' } }),
    ).rejects.toThrow(/font size/);

    // Valid: saved, and the open terminal takes the theme, font size and scrollback at once.
    await fontSize.fill('20');
    await panel.getByLabel('Scrollback lines', { exact: true }).fill('2500');
    await save.click();
    await panel.getByText('saved', { exact: true }).waitFor();
    expect(await panel.getByRole('alert').count()).toBe(0);
    expect(await userLevel()).toMatchObject({ fontSize: 20, theme: 'light' });
    expect(await fontSize.inputValue()).toBe('20');
    await expect
      .poll(() => termOptions(page, shell.id), { timeout: 15_000 })
      .toMatchObject({ fontSize: 20, scrollback: 2500, background: '#fbfbfa' });
    // Bigger glyphs, fewer columns in the same box: the terminal was refitted.
    expect((await termOptions(page, shell.id))!.cols).toBeLessThan(before.cols);

    // Back to "inherit" from the panel: the terminal returns to the defaults, again at once.
    await theme.selectOption('');
    await fontSize.fill('');
    await panel.getByLabel('Scrollback lines', { exact: true }).fill('');
    await save.click();
    await expect.poll(userLevel).toMatchObject({ fontSize: null, theme: null });
    await expect
      .poll(() => termOptions(page, shell.id), { timeout: 15_000 })
      .toMatchObject({ fontSize: 14, background: '#0f1115' });
    await panel.getByRole('button', { name: 'Close panel' }).click();
  });

  it('the banner says "You are offline" when the browser is, not that rdv-server is down', async () => {
    const banner = page.getByTestId('connection-banner');
    expect(await banner.count()).toBe(0);
    await context.setOffline(true);
    try {
      await banner.waitFor();
      expect(await banner.innerText()).toBe(
        'You are offline. The dashboard reconnects when the network is back.',
      );
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    } finally {
      await context.setOffline(false);
    }
    await banner.waitFor({ state: 'detached' });
  });

  it('the trash panel says what goes there and for how many days (from config.toml)', async () => {
    await page.getByRole('button', { name: 'Trash', exact: true }).click();
    const panel = page.getByTestId('trash-panel');
    await panel.getByText('The trash is empty.').waitFor();
    const explainer = panel.getByTestId('trash-explainer');
    await explainer.getByText(`kept for ${RETENTION_DAYS} days`, { exact: false }).waitFor();
    expect(await explainer.innerText()).toMatch(/Also move its worktree to the trash/);
    expect(await explainer.innerText()).toMatch(/Restore puts it back/);
    await panel.getByRole('button', { name: 'Close panel' }).click();
  });

  it('menus: arrow keys, Home/End and a letter move among items, Escape returns focus, Enter activates', async () => {
    const session = await stack.call<SessionRow>('mutation', 'sessions.create', {
      name: 'menu-keys',
    });
    const item = page.locator(`[data-session-id="${session.id}"]`);
    const button = item.getByRole('button', { name: 'Session menu-keys actions' });
    await button.waitFor();
    const focused = () =>
      page.evaluate(() => ({
        role: document.activeElement?.getAttribute('role') ?? null,
        text: document.activeElement?.textContent ?? '',
        label: document.activeElement?.getAttribute('aria-label') ?? null,
      }));

    await button.focus();
    expect(await button.getAttribute('aria-haspopup')).toBe('menu');
    await page.keyboard.press('ArrowDown');
    const menu = item.getByRole('menu');
    await menu.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await button.getAttribute('aria-controls')).toBe(await menu.getAttribute('id'));
    const labels = await menu.getByRole('menuitem').allInnerTexts();
    expect(labels).toEqual(['Rename…', 'Move to…', 'Review changes', 'Download file…', 'Share read-only…', 'Suspend', 'Close…']);
    expect(await focused()).toMatchObject({ role: 'menuitem', text: 'Rename…' });

    await page.keyboard.press('ArrowDown');
    expect((await focused()).text).toBe('Move to…');
    await page.keyboard.press('End');
    expect((await focused()).text).toBe('Close…');
    await page.keyboard.press('ArrowDown'); // wraps to the first
    expect((await focused()).text).toBe('Rename…');
    await page.keyboard.press('ArrowUp'); // wraps to the last
    expect((await focused()).text).toBe('Close…');
    await page.keyboard.press('Home');
    expect((await focused()).text).toBe('Rename…');
    await page.keyboard.press('s');
    expect((await focused()).text).toBe('Share read-only…');
    await page.keyboard.press('s'); // the next item with that letter
    expect((await focused()).text).toBe('Suspend');

    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focused()).toMatchObject({ label: 'Session menu-keys actions' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    // ArrowUp opens on the last item; Enter on the button opens on the first and activates one.
    await page.keyboard.press('ArrowUp');
    await menu.waitFor();
    expect((await focused()).text).toBe('Close…');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await menu.waitFor();
    expect((await focused()).text).toBe('Rename…');
    await page.keyboard.press('Enter');
    const rename = page.getByRole('dialog', { name: 'Rename session' });
    await rename.waitFor();
    await rename.locator('input[name="name"]').fill('menu-keys-renamed');
    await page.keyboard.press('Enter');
    await item.getByText('menu-keys-renamed').waitFor();
  });

  it('tabs: each close button names its session; the active tab is scrolled into view', async () => {
    const names = Array.from({ length: 9 }, (_, i) => `a-long-session-name-number-${i + 1}`);
    const sessions: SessionRow[] = [];
    for (const name of names)
      sessions.push(await stack.call<SessionRow>('mutation', 'sessions.create', { name }));
    // Restore nine tabs with the last one active, as a returning visitor would have them.
    await page.evaluate(
      (ids) => localStorage.setItem('rdv.tabs', JSON.stringify({ tabs: ids, active: ids.at(-1) })),
      sessions.map((s) => s.id),
    );
    await page.goto(`${stack.baseUrl}/`);
    const tablist = page.getByRole('tablist', { name: 'Open sessions' });
    await tablist.getByRole('tab', { name: names[8] }).waitFor();

    for (const name of names)
      expect(await tablist.getByRole('button', { name: `Close ${name}` }).count()).toBe(1);
    expect(await tablist.getByRole('button', { name: 'Close tab' }).count()).toBe(0);

    const overflow = await tablist.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeGreaterThan(0);
    /** The tab lies wholly inside the strip's visible box. */
    const inView = (name: string) =>
      tablist.evaluate((list, wanted) => {
        const tab = [...list.querySelectorAll('[role="tab"]')].find(
          (t) => t.textContent === wanted,
        )?.parentElement;
        if (!tab) return false;
        const box = list.getBoundingClientRect();
        const own = tab.getBoundingClientRect();
        return own.left >= box.left - 1 && own.right <= box.right + 1;
      }, name);

    await expect.poll(() => inView(names[8]!)).toBe(true);
    expect(await inView(names[0]!)).toBe(false);
    await page.keyboard.press('Alt+1');
    await page.waitForFunction((id) => location.hash === `#session=${id}`, sessions[0]!.id);
    await expect.poll(() => inView(names[0]!)).toBe(true);
    expect(await inView(names[8]!)).toBe(false);
    // Closing tabs leaves the next active one in view too.
    await tablist.getByRole('button', { name: `Close ${names[0]}` }).click();
    await expect.poll(() => inView(names[1]!)).toBe(true);

    for (const s of sessions) await stack.call('mutation', 'sessions.close', { id: s.id });
    await page.evaluate(() => localStorage.removeItem('rdv.tabs'));
    await page.goto(`${stack.baseUrl}/`);
  });

  it('the logged-out page shows the icon, which is served without a login', async () => {
    const anonymous = await newContext(browser);
    try {
      const guest = await anonymous.newPage();
      const response = await guest.goto(stack.baseUrl);
      expect(response?.status()).toBe(401);
      expect(await guest.locator('link[rel="icon"]').getAttribute('href')).toBe('/icon.svg');
      const fetched = await guest.evaluate(async () => {
        const icon = await fetch('/icon.svg');
        const favicon = await fetch('/favicon.ico');
        const api = await fetch('/api/trpc/sessions.list');
        return {
          icon: [icon.status, icon.headers.get('content-type'), (await icon.text()).slice(0, 4)],
          favicon: [favicon.status, favicon.redirected, new URL(favicon.url).pathname],
          api: api.status,
        };
      });
      expect(fetched.icon).toEqual([200, 'image/svg+xml', '<svg']);
      expect(fetched.favicon).toEqual([200, false, '/favicon.ico']);
      // Nothing else is opened up.
      expect(fetched.api).toBe(401);
    } finally {
      await anonymous.close();
    }
  });

  it('recordings: the checkbox is one target with its label; the player pauses, seeks and downloads the .cast', async () => {
    const session = await stack.call<SessionRow>('mutation', 'sessions.create', {
      name: 'rec demo',
    });
    await openTab(session.id);
    await waitForTerminal(page, session.id, PROMPT.trim());
    await page.getByRole('button', { name: 'Recordings', exact: true }).click();
    const panel = page.getByTestId('recordings-panel');
    const toggle = panel.getByRole('checkbox', { name: 'Record “rec demo”' });
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    // The box sits right before its words, on their line, and a click on the words ticks it.
    const layout = await toggle.evaluate((input) => {
      const words = [...(input.parentElement?.childNodes ?? [])].find(
        (node) => node.nodeType === Node.TEXT_NODE && node.textContent?.includes('Record'),
      );
      const range = document.createRange();
      range.selectNodeContents(words!);
      const text = range.getBoundingClientRect();
      const box = input.getBoundingClientRect();
      return {
        gap: text.left - box.right,
        sameLine: text.top < box.bottom && box.top < text.bottom,
        click: { x: text.left + text.width / 2, y: text.top + text.height / 2 },
      };
    });
    expect(layout.gap).toBeGreaterThanOrEqual(0);
    expect(layout.gap).toBeLessThan(16);
    expect(layout.sameLine).toBe(true);
    await page.mouse.click(layout.click.x, layout.click.y);
    await expect.poll(() => toggle.isChecked()).toBe(true);

    await typeInTerminal(
      page,
      session.id,
      'for i in 1 2 3 4 5 6; do echo tick-$i-$((i*11)); sleep 1.5; done\n',
    );
    await waitForTerminal(page, session.id, /^tick-6-66$/m, 60_000);
    // Stop recording, so the file no longer changes: the download must equal it.
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    let castText = '';
    for (let offset: number | null = 0; offset !== null;) {
      const chunk: { text: string; nextOffset: number | null } = await stack.call(
        'query',
        'recordings.get',
        { sessionId: session.id, offset },
      );
      castText += chunk.text;
      offset = chunk.nextOffset;
    }
    expect(castText).toMatch(/tick-6-66/);

    const card = panel.locator(`[data-recording="${session.id}"]`);
    await card.getByRole('button', { name: 'Play' }).click();
    const player = panel.getByTestId('recording-player');
    const state = () => player.getAttribute('data-state');
    await expect.poll(state).toBe('playing');
    const slider = player.getByRole('slider', { name: 'Position' });
    const duration = Number(await slider.getAttribute('max'));
    expect(duration).toBeGreaterThan(6); // five 1.5 s sleeps between the ticks

    // Pause as soon as the first tick shows: the screen and the position then hold still.
    await expect.poll(() => playerText(page), { timeout: 20_000 }).toMatch(/tick-1-11/);
    await player.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(state).toBe('paused');
    const heldText = await playerText(page);
    const heldAt = await slider.inputValue();
    expect(heldText).not.toMatch(/tick-6-66/);
    await sleep(2_500); // longer than any gap between two ticks
    expect(await playerText(page)).toBe(heldText);
    expect(await slider.inputValue()).toBe(heldAt);
    expect(await state()).toBe('paused');

    // Seek to the end: everything is replayed at once; to the start: an empty screen.
    await slider.focus();
    await page.keyboard.press('End');
    await expect.poll(() => playerText(page)).toMatch(/tick-6-66/);
    expect(await playerText(page)).toMatch(/tick-1-11[\s\S]*tick-3-33[\s\S]*tick-6-66/);
    await page.keyboard.press('Home');
    await expect.poll(() => playerText(page)).not.toMatch(/tick-/);
    expect(await state()).not.toBe('playing');
    // Resume from there, fast: it plays to the end.
    await player.getByRole('button', { name: '8×' }).click();
    await player.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(state, { timeout: 20_000 }).toBe('done');
    expect(await playerText(page)).toMatch(/tick-6-66/);
    expect(await player.getByRole('button', { name: 'Play again' }).count()).toBe(1);

    // Download: the asciicast v2 file as the API returns it, named after the session.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      player.getByRole('link', { name: 'Download .cast' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('rec-demo.cast');
    const saved = readFileSync(await download.path(), 'utf8');
    expect(saved).toBe(castText);
    expect(JSON.parse(saved.split('\n')[0]!)).toMatchObject({ version: 2 });
    await page.getByRole('button', { name: 'Recordings', exact: true }).click();
  });

  it('worktrees: recent repositories are offered, and a refused removal is worded for people', async () => {
    const repo = makeRepo(join(stack.userHome, 'polish-app'), DEMO_APP_REPO);
    const other = makeRepo(join(stack.userHome, 'polish-lib'), DEMO_APP_REPO);
    // A repository known from a session's folder, one from a worktree record, and a session
    // whose folder is not a repository (not offered).
    await stack.call('mutation', 'sessions.create', { name: 'in-app', cwd: repo });
    await stack.call('mutation', 'sessions.create', { name: 'in-home', cwd: stack.userHome });
    const worktree = await stack.call<{ path: string }>('mutation', 'worktrees.create', {
      repoPath: other,
      branch: 'feat/polish',
    });
    const folder = await stack.call<{ id: string }>('mutation', 'folders.create', {
      name: 'polish',
    });
    await stack.call('mutation', 'preferences.set', {
      folderId: folder.id,
      values: { cwd: other },
    });
    await page
      .locator(`[data-folder-id="${folder.id}"] > div button[title^="Select this folder"]`)
      .click();

    await page.getByRole('button', { name: 'Worktrees', exact: true }).click();
    const panel = page.getByTestId('worktrees-panel');
    const recent = panel.getByLabel('Recent repositories');
    const options = () =>
      recent
        .locator('option')
        .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    await expect.poll(options, { timeout: 20_000 }).toContain(repo);
    expect(await options()).toContain(other);
    expect(await options()).not.toContain(stack.userHome);
    expect(
      await recent
        .locator('option', { hasText: "this folder's working directory" })
        .getAttribute('value'),
    ).toBe(other);

    // Picking one shows its worktrees without typing a path.
    await recent.selectOption(other);
    expect(await panel.locator('input[name="repoPath"]').inputValue()).toBe(other);
    const card = panel.locator(`[data-worktree="${worktree.path}"]`);
    await card.waitFor();

    writeFileSync(join(worktree.path, 'app.ts'), 'export const answer = 43;\n');
    writeFileSync(join(worktree.path, 'notes.txt'), 'new file\n');
    await card.getByRole('button', { name: 'Remove', exact: true }).click();
    const alert = card.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      'This worktree has uncommitted changes: 2 files (1 changed, 1 untracked). Remove anyway?',
    );
    expect(await card.innerText()).not.toMatch(/pass force/);
    await card
      .getByRole('button', { name: 'Remove anyway (the uncommitted changes are lost)' })
      .click();
    await card.waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: 'Close panel' }).click();
  });

  it('at phone size (390x844) the changed panels fit: no horizontal scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      // The sidebar, open since the desktop size, slides over everything at this width: close it.
      await page.keyboard.press('Alt+KeyB');
      // At this width the panel buttons fold into the Panels menu.
      const openPanel = async (name: string) => {
        await page.getByRole('button', { name: 'Panels', exact: true }).click();
        await page.getByRole('menuitem', { name, exact: true }).click();
      };
      const overflow = () =>
        page.evaluate(() => {
          const panel = document.querySelector('[data-testid$="-panel"] > div');
          return {
            page: document.documentElement.scrollWidth - window.innerWidth,
            panel: panel ? panel.scrollWidth - panel.clientWidth : null,
          };
        });
      for (const [button, testId] of [
        ['Settings', 'settings-panel'],
        ['Worktrees', 'worktrees-panel'],
        ['Recordings', 'recordings-panel'],
        ['Trash', 'trash-panel'],
      ] as const) {
        await openPanel(button);
        const panel = page.getByTestId(testId);
        await panel.waitFor();
        if (testId === 'worktrees-panel') await panel.getByLabel('Recent repositories').waitFor();
        if (testId === 'recordings-panel') {
          await panel.getByRole('button', { name: 'Play' }).first().click();
          await panel.getByRole('slider', { name: 'Position' }).waitFor();
        }
        expect({ testId, ...(await overflow()) }).toEqual({ testId, page: 0, panel: 0 });
        await panel.getByRole('button', { name: 'Close panel' }).click();
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('names rdv-server only when it is the one not answering', async () => {
    const pidFile = join(stack.home, 'server/server.pid');
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    let replacement: DaemonChild | null = null;
    try {
      process.kill(pid, 'SIGTERM');
      const banner = page.getByTestId('connection-banner');
      await banner.getByText(/^rdv-server is not answering: /).waitFor({ timeout: 30_000 });
      expect(await banner.innerText()).not.toMatch(/offline/i);
      replacement = spawnDaemon({
        entry: DAEMON_ENTRY,
        env: { ...process.env, RDV_HOME: stack.home, HOME: stack.userHome },
        output: 'ignore',
      });
      await banner.waitFor({ state: 'detached', timeout: 60_000 });
    } finally {
      await replacement?.stop();
    }
  });
});
