// The interactive menu (`rdv` with no command) on a fleet: with a host registered it asks which
// machine, and then works on that host's rdv through the tunnel (a real second machine on
// loopback); `rdv --host NAME` opens the menu on that host directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { driveMenu, KEY } from '../helpers/menu-driver.ts';
import { startSshHost, type SshHost } from '../helpers/ssh-host.ts';

const LONG = { timeout: 120_000 };
/** Quit is the last of the menu's eight entries. */
const QUIT = KEY.down.repeat(7) + KEY.enter;

describe('the interactive menu with a host', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  let remote: SshHost;
  const remoteSessions = () => remote.withOwnApi((client) => client.sessions.list.query());

  beforeAll(async () => {
    remote = await startSshHost();
    const options = remote.sshOptions.flatMap((option) => ['--ssh-option', option]);
    await rdvJson(fx.home, ['host', 'add', 'remote', '127.0.0.1', ...options]);
    await fx.api.client.sessions.create.mutate({ name: 'right-here' });
  }, 120_000);
  afterAll(async () => {
    await remote?.cleanup();
  });

  it('asks which machine; this machine lists its own sessions', LONG, async () => {
    const menu = driveMenu(fx.home);
    await menu.answer('Which machine?', KEY.enter); // This machine
    await menu.answer('What do you want to do?', KEY.enter); // Attach to a session
    await menu.answer('Which session?', KEY.esc);
    expect(await menu.exit).toBe(0);
    expect(menu.screen()).toContain('right-here');
    expect(menu.screen()).toMatch(/Which machine\?[^◆]*This machine[^◆]*remote/);
  });

  it(
    "creates a session on the chosen host, there and not here; its paths are the host's",
    LONG,
    async () => {
      const menu = driveMenu(fx.home);
      await menu.answer('Which machine?', KEY.down + KEY.enter); // remote
      await menu.answer('On remote', '');
      await menu.answer('What do you want to do?', KEY.down + KEY.enter); // Create a session
      await menu.answer('What should run in it?', KEY.enter); // A shell
      await menu.answer('Start it in a new git worktree?', 'n');
      // A path of the host's (its account's home), which this machine may not even have.
      await menu.answer('Working directory on remote', `${remote.userHome}${KEY.enter}`);
      await menu.answer('Name', `menu-remote${KEY.enter}`);
      await menu.answer('Create it?', 'y');
      await menu.answer('Created menu-remote', '');
      await menu.answer('What do you want to do?', QUIT);
      expect(await menu.exit).toBe(0);
      expect(menu.errors()).toBe('');

      const made = (await remoteSessions()).find((s) => s.name === 'menu-remote');
      expect(made).toMatchObject({ status: 'active', cwd: remote.userHome });
      const here = await fx.api.client.sessions.list.query();
      expect(here.map((s) => s.name)).not.toContain('menu-remote');
      // How to reach it later: the host-qualified id.
      expect(menu.screen()).toContain(`rdv attach remote:${made!.id.slice(0, 8)}`);
    },
  );

  it('rdv --host remote opens the menu on that host: its sessions, not these', LONG, async () => {
    const menu = driveMenu(fx.home, ['--host', 'remote']);
    await menu.answer('rdv on remote', '');
    await menu.answer('What do you want to do?', KEY.enter); // Attach to a session
    await menu.answer('Which session?', KEY.esc);
    expect(await menu.exit).toBe(0);
    const screen = menu.screen();
    expect(screen).not.toContain('Which machine?');
    expect(screen).toContain('menu-remote');
    expect(screen).not.toContain('right-here');
  });

  it('refuses a host that is not connected, with its state, and asks again', LONG, async () => {
    await remote.stopSshd();
    try {
      await expect
        .poll(
          async () =>
            (await rdvJson<Array<{ name: string; state: string }>>(fx.home, ['host', 'list']))[0]
              ?.state,
          { timeout: 90_000, interval: 500 },
        )
        .toBe('unreachable');
      const menu = driveMenu(fx.home);
      await menu.answer('Which machine?', KEY.down + KEY.enter); // remote
      await menu.answer('host remote is unreachable', '');
      await menu.answer('Which machine?', KEY.enter); // This machine
      await menu.answer('What do you want to do?', QUIT);
      expect(await menu.exit).toBe(0);
    } finally {
      await remote.startSshd();
    }
  });
});
