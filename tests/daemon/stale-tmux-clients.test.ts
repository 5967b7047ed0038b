// Issue 12, finding 13: after `kill -9` of the daemon, each terminal hub's tmux clients (the
// `tmux -C attach-session` control client and the `tmux wait-for` pane-death waiter) lived on,
// one set per hub per crash. The next start stops those a dead daemon left behind.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLog, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { attach } from '../helpers/terminal.ts';
import { waitUntil } from '@rdv/test-support';
import { rdvTmuxSockets } from '@rdv/test-support/rdv-tmux';

/** Live tmux client processes on this home's tmux sockets (not the servers). */
function tmuxClients(home: string): Array<{ pid: number; ppid: number; argv: string[] }> {
  const sockets = rdvTmuxSockets(home);
  const found = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isSafeInteger(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (!/(^|\/)tmux$/.test(argv[0] ?? '') || !sockets.some((socket) => argv.includes(socket))) continue;
      if (!argv.includes('wait-for') && !argv.includes('attach-session')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^\d+ \(.*\) Z/.test(stat)) continue;
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      found.push({ pid, ppid, argv });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Each look reads all of /proc: not too often. */
const PROC_POLL_MS = 100;

describe('tmux clients of a daemon killed with SIGKILL', () => {
  const fx = useDaemon();

  it('are stopped by the next start; the new daemon serves the session', async () => {
    const { home, daemon: crashing } = fx;
    const session = await fx.api.client.sessions.create.mutate({ name: 'crash', cwd: home });
    const ws = wsClient(crashing, { kind: 'cli', token: crashing.cliToken() });
    const attachment = attach(ws.client, { sessionId: session.id });
    await attachment.waitFor((a) => a.received.length > 0, 'the first event');
    await waitUntil(
      () => tmuxClients(home).filter((client) => client.ppid === crashing.child.pid).length >= 2,
      'the hub clients',
      20_000,
      PROC_POLL_MS,
    );
    const left = tmuxClients(home).filter((client) => client.ppid === crashing.child.pid);
    expect(left.some((client) => client.argv.includes('wait-for'))).toBe(true);
    expect(left.some((client) => client.argv.includes('-C'))).toBe(true);

    await fx.crash();
    attachment.unsubscribe();
    await ws.close().catch(() => undefined);

    const daemon = await fx.start();
    const leftPids = new Set(left.map((client) => client.pid));
    await waitUntil(
      () => tmuxClients(home).every((client) => !leftPids.has(client.pid)),
      'the old clients to go',
      20_000,
      PROC_POLL_MS,
    );
    expect(readLog(home).some((entry) => String(entry.msg).includes('tmux client(s) left by a previous rdv-server'))).toBe(true);

    // The new daemon's own hub works, and its clients are not touched by anything above.
    const again = wsClient(daemon, { kind: 'cli', token: daemon.cliToken() });
    const fresh = attach(again.client, { sessionId: session.id });
    await fresh.waitFor((a) => a.received.some((r) => r.event.type === 'snapshot'), 'a snapshot from the new daemon');
    fresh.unsubscribe();
    await again.close();
  });
});
