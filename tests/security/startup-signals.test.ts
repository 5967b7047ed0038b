// Issue 12, finding 7: a SIGTERM that arrives while the daemon starts (pid file written, sockets
// perhaps bound, not yet ready) used to kill it outright, leaving its pid file and sockets.
// Signals are handled from the first moment: the start stops, undoes itself and exits 0.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DaemonProcess } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

const POLL_MS = 2;
const WAIT_MS = 30_000;

async function waitForFile(daemon: DaemonProcess, path: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(path)) {
    if (daemon.child.exitCode !== null) throw new Error(`daemon exited early: ${daemon.stderr()}`);
    if (Date.now() > deadline) throw new Error(`${path} never appeared: ${daemon.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

describe('SIGTERM during start-up', () => {
  const fx = useDaemon({ perTest: true, start: false });

  for (const moment of ['the pid file is written', 'api.sock is bound'] as const) {
    it(`after ${moment}: exits 0 and leaves no pid file or socket`, async () => {
      const { home } = fx;
      const daemon = fx.spawn();
      await waitForFile(daemon, join(home, moment === 'api.sock is bound' ? 'api.sock' : 'server/server.pid'));
      daemon.child.kill('SIGTERM');
      const exit = await daemon.exited;
      expect({ ...exit, stderr: daemon.stderr() }).toMatchObject({ code: 0, signal: null });
      for (const left of ['server/server.pid', 'api.sock', 'terminal.sock']) {
        expect({ left, exists: existsSync(join(home, left)) }).toEqual({ left, exists: false });
      }
    });
  }
});
