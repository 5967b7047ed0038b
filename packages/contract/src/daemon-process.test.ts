import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  DAEMON_MALLOC_ENV,
  dropLaunchEnv,
  isDaemonProcess,
  LAUNCH_ENV_VAR,
  withDaemonLaunchEnv,
} from './daemon-process.ts';

describe('isDaemonProcess', () => {
  it('is false for a live process that is not rdv-server (a recycled pid)', () => {
    expect(isDaemonProcess(process.pid)).toBe(false);
  });

  it('is true for a process titled rdv-server, and false once it is gone', async () => {
    const child = spawn(process.execPath, ['-e', "process.title = 'rdv-server'; setInterval(() => {}, 1000)"], {
      stdio: 'ignore',
    });
    try {
      const pid = child.pid!;
      for (let i = 0; i < 100 && !isDaemonProcess(pid); i++) await new Promise((r) => setTimeout(r, 50));
      expect(isDaemonProcess(pid)).toBe(true);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      expect(isDaemonProcess(pid)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});

describe('the launch environment', () => {
  it('adds the allocator settings and names them; the daemon takes out exactly those', () => {
    const env = withDaemonLaunchEnv({ HOME: '/home/u', PATH: '/bin' });
    expect(env).toMatchObject({ ...DAEMON_MALLOC_ENV, HOME: '/home/u', PATH: '/bin' });
    expect(env[LAUNCH_ENV_VAR]).toBe(Object.keys(DAEMON_MALLOC_ENV).join(','));
    dropLaunchEnv(env);
    expect(env).toEqual({ HOME: '/home/u', PATH: '/bin' });
  });

  it("keeps a user's own setting, and leaves it in what the daemon hands down", () => {
    const own = Object.fromEntries(Object.keys(DAEMON_MALLOC_ENV).map((name) => [name, '65536']));
    const env = withDaemonLaunchEnv({ ...own, HOME: '/home/u' });
    expect(env).toEqual({ ...own, HOME: '/home/u' });
    dropLaunchEnv(env);
    expect(env).toEqual({ ...own, HOME: '/home/u' });
  });

  it('takes out only allocator settings, whatever the marker names', () => {
    const env = { [LAUNCH_ENV_VAR]: 'PATH,HOME', PATH: '/bin', HOME: '/home/u' };
    dropLaunchEnv(env);
    expect(env).toEqual({ PATH: '/bin', HOME: '/home/u' });
  });

  it('does not change the environment it is given', () => {
    const input = { HOME: '/home/u' };
    withDaemonLaunchEnv(input);
    expect(input).toEqual({ HOME: '/home/u' });
  });
});
