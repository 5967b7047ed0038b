import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isDaemonProcess } from './daemon-process.ts';

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
