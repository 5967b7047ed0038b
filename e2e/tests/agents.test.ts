// Agents in the dashboard, in Chromium against the real stack, with the stand-in Claude Code of
// tests/fixtures/agents: the New session dialog's agent presets and its hooks check, and an agent
// whose tmux server went away (as after a reboot) shown "stopped, resumable" and brought back by
// Resume with `claude --resume <id>` on its screen.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeSessionId, launchChromium, loggedInPage, newContext, waitForTerminal } from '../helpers/browser.ts';
import { REPO_ROOT, sleep, startStack, type Stack } from '../helpers/stack.ts';
import { rdvTmux } from '@rdv/test-support/rdv-tmux';

const CLI = join(REPO_ROOT, 'apps/cli/bin/rdv.js');

/** `claude` (the stand-in) and `rdv` (the built CLI) on a PATH of their own. */
function agentBin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdv-e2e-agents-'));
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  script('claude', `exec '${process.execPath}' '${join(REPO_ROOT, 'tests/fixtures/agents/claude-standin.mjs')}' "$@"`);
  script('rdv', `exec '${process.execPath}' '${CLI}' "$@"`);
  return dir;
}

describe('agents in the dashboard', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const bin = agentBin();
  const PATH = `${bin}:${process.env.PATH ?? ''}`;

  beforeAll(async () => {
    stack = await startStack({ env: { PATH } });
    browser = await launchChromium();
    page = await loggedInPage(await newContext(browser), stack.loginUrl!, stack.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const openAgentDialog = async () => {
    await page.getByRole('button', { name: '+ New' }).click();
    const dialog = page.getByRole('dialog', { name: 'New session' });
    await dialog.getByRole('radio', { name: 'Agent' }).check();
    return dialog;
  };

  it('offers the agent presets and says whether their hooks are installed, with the command that installs them', async () => {
    let dialog = await openAgentDialog();
    const agent = dialog.getByRole('combobox', { name: 'Agent' });
    expect(await agent.locator('option').allInnerTexts()).toEqual(['Claude Code', 'Codex CLI', 'Gemini CLI', 'OpenCode', 'Another command…']);
    const hooks = dialog.getByTestId('agent-hooks');
    await page.locator('[data-testid="agent-hooks"][data-installed="false"]').waitFor();
    expect(await hooks.innerText()).toContain('rdv hooks install --agent claude');
    await agent.selectOption('codex');
    expect(await hooks.innerText()).toContain('rdv hooks install --agent codex');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const install = spawnSync(process.execPath, [CLI, 'hooks', 'install', '--agent', 'claude'], {
      env: { ...process.env, HOME: stack.userHome, RDV_HOME: stack.home, PATH },
      encoding: 'utf8',
    });
    expect(install.status, install.stderr).toBe(0);
    dialog = await openAgentDialog();
    await page.locator('[data-testid="agent-hooks"][data-installed="true"]').waitFor();
    expect(await dialog.getByTestId('agent-hooks').innerText()).toContain('claude --resume <id>');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('creates a Claude Code session from the preset; after the tmux server is gone it is “stopped, resumable”, and Resume brings back its conversation', async () => {
    const dialog = await openAgentDialog();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const id = await activeSessionId(page);
    await waitForTerminal(page, id, 'Welcome to Claude Code!');
    const session = await stack.call<{ agent: string; kind: string; command: string }>('query', 'sessions.get', { id });
    expect(session).toMatchObject({ agent: 'claude', kind: 'agent', command: 'claude' });

    let conversation: string | null = null;
    for (let i = 0; i < 200 && !conversation; i += 1) {
      conversation = (await stack.call<{ agentSessionId: string | null }>('query', 'sessions.get', { id })).agentSessionId;
      if (!conversation) await sleep(100);
    }
    expect(conversation).toMatch(/^[0-9a-f-]{36}$/);

    // A reboot, as far as tmux is concerned.
    rdvTmux(stack.home, 'kill-server');
    const tab = page.locator(`[data-session="${id}"][data-state="exited"]`);
    await tab.waitFor({ timeout: 20_000 });
    expect(await tab.getByRole('heading').innerText()).toContain('stopped, resumable');
    expect(await tab.getByTestId('resume-note').innerText()).toContain(`Claude Code conversation ${conversation}`);
    expect(await page.locator(`[data-session-id="${id}"]`).innerText()).toContain('resumable');

    await tab.getByRole('button', { name: 'Resume' }).click();
    await waitForTerminal(page, id, `Resumed conversation ${conversation}`);
  });
});
