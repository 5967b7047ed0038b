import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveMenu, KEY } from '../helpers/menu-driver.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

describe('the interactive menu, driven through injected streams', () => {
  let workdir: string;
  let folderId: string;
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  beforeAll(async () => {
    workdir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-menu-')));
    folderId = (await fx.api.client.folders.create.mutate({ name: 'proj' })).id;
  });
  afterAll(async () => {
    rmSync(workdir, { recursive: true, force: true });
  });

  it('creates a session by answering the prompts', async () => {
    const menu = driveMenu(fx.home);
    await menu.answer('What do you want to do?', KEY.down + KEY.enter); // Create a session
    await menu.answer('What should run in it?', KEY.enter); // A shell
    await menu.answer('Folder', KEY.down + KEY.enter); // proj
    await menu.answer('Start it in a new git worktree?', 'n');
    await menu.answer('Working directory', KEY.clearLine + workdir + KEY.enter);
    await menu.answer('Name', `menu-made${KEY.enter}`);
    await menu.answer('Create it?', 'y');
    await menu.answer('Created menu-made', '');
    await menu.answer('What do you want to do?', KEY.down.repeat(7) + KEY.enter); // Quit
    expect(await menu.exit).toBe(0);
    expect(menu.errors()).toBe('');

    const sessions = await fx.api.client.sessions.list.query();
    const made = sessions.find((s) => s.name === 'menu-made');
    expect(made).toMatchObject({ kind: 'shell', status: 'active', cwd: workdir, folderId });
    expect(menu.screen()).toContain(`rdv attach ${made!.id.slice(0, 8)}`);
  });

  it('creates an agent session from a preset', async () => {
    const menu = driveMenu(fx.home);
    await menu.answer('What do you want to do?', KEY.down + KEY.enter); // Create a session
    await menu.answer('What should run in it?', KEY.down + KEY.enter); // An agent
    await menu.answer('Folder', KEY.enter);
    await menu.answer('Which agent?', KEY.down + KEY.enter); // Codex CLI
    await menu.answer('Agent command', KEY.enter); // codex, as offered
    await menu.answer('Start it in a new git worktree?', 'n');
    await menu.answer('Working directory', KEY.clearLine + workdir + KEY.enter);
    await menu.answer('Name', `menu-agent${KEY.enter}`);
    await menu.answer('Create it?', 'y');
    await menu.answer('Created menu-agent', '');
    await menu.answer('What do you want to do?', KEY.down.repeat(7) + KEY.enter); // Quit
    expect(await menu.exit).toBe(0);
    const made = (await fx.api.client.sessions.list.query()).find((s) => s.name === 'menu-agent');
    expect(made).toMatchObject({ kind: 'agent', agent: 'codex', command: 'codex', cwd: workdir });
  });

  it('Esc midway leaves cleanly and creates nothing', async () => {
    const before = (await fx.api.client.sessions.list.query()).length;
    const menu = driveMenu(fx.home);
    await menu.answer('What do you want to do?', KEY.down + KEY.enter);
    await menu.answer('What should run in it?', KEY.down + KEY.enter); // An agent
    await menu.answer('Folder', KEY.enter);
    await menu.answer('Which agent?', KEY.enter); // Claude Code
    await menu.answer('Agent command', KEY.enter); // the preset's command, as offered
    await menu.answer('Start it in a new git worktree?', 'n');
    await menu.answer('Working directory', KEY.esc);
    expect(await menu.exit).toBe(0);
    expect(menu.screen()).toContain('Cancelled; nothing changed.');
    expect((await fx.api.client.sessions.list.query()).length).toBe(before);
  });

  it('Ctrl-C at the confirmation creates nothing; a folder made from the menu appears', async () => {
    const before = (await fx.api.client.sessions.list.query()).length;
    const cancelled = driveMenu(fx.home);
    await cancelled.answer('What do you want to do?', KEY.down + KEY.enter);
    await cancelled.answer('What should run in it?', KEY.enter);
    await cancelled.answer('Folder', KEY.enter);
    await cancelled.answer('Start it in a new git worktree?', 'n');
    await cancelled.answer('Working directory', KEY.clearLine + workdir + KEY.enter);
    await cancelled.answer('Name', `never-made${KEY.enter}`);
    await cancelled.answer('Create it?', KEY.ctrlC);
    expect(await cancelled.exit).toBe(0);
    expect((await fx.api.client.sessions.list.query()).length).toBe(before);

    const folders = driveMenu(fx.home);
    await folders.answer('What do you want to do?', KEY.down.repeat(2) + KEY.enter); // Folders
    await folders.answer('Folders', KEY.down + KEY.enter); // Create a folder
    await folders.answer('Name', `from-menu${KEY.enter}`);
    await folders.answer('Inside', KEY.down + KEY.enter); // inside proj
    await folders.answer('Created folder from-menu', '');
    await folders.answer('What do you want to do?', KEY.esc);
    expect(await folders.exit).toBe(0);
    const made = (await fx.api.client.folders.list.query()).find((f) => f.name === 'from-menu');
    expect(made?.parentId).toBe(folderId);
  });

  it('shows server status and offers to start the daemon when it is down', async () => {
    const status = driveMenu(fx.home);
    await status.answer('What do you want to do?', KEY.down.repeat(6) + KEY.enter); // Server status
    await status.answer('status:', '');
    await status.answer('Server', KEY.enter); // Back
    await status.answer('What do you want to do?', KEY.ctrlC);
    expect(await status.exit).toBe(0);
    expect(status.screen()).toMatch(/status:\s+healthy/);

    const emptyHome = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-it-')));
    try {
      const down = driveMenu(emptyHome);
      await down.answer('The daemon is not running', '');
      await down.answer('What now?', KEY.down.repeat(2) + KEY.enter); // Quit
      expect(await down.exit).toBe(0);
    } finally {
      rmSync(emptyHome, { recursive: true, force: true });
    }
  });
});
