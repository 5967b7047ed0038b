// Issue 12, finding 10: a daemon started with RDV_TOKEN in its environment (`RDV_TOKEN=… rdv
// server restart`) passed it to the tmux server, so every later session inherited it. Sessions
// get no rdv secret: not in a pane's environment, not in tmux's global environment, not in the
// server's own. A tmux server an older daemon started with the token (it outlives restarts) is
// cleaned before the next session starts.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliClient, tmux, writeConfig, type DaemonProcess } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { makeGitRoot, makeRepo } from '@rdv/test-support';
import { panePid, processEnv, tmuxServerPids } from '../helpers/pane-process.ts';
import { DAEMON_MALLOC_ENV, LAUNCH_ENV_VAR } from '@rdv/contract/daemon-process';

/** Every variable rdv treats as a secret, with a value nobody else would have. */
const secrets = () => ({ RDV_TOKEN: `rdv_${randomBytes(16).toString('hex')}` });

describe('sessions get no rdv secret', () => {
  // Started by each test, with that test's secrets in its environment.
  const fx = useDaemon({ perTest: true, start: false });

  async function expectClean(d: DaemonProcess, secret: Record<string, string>, { serverToo }: { serverToo: boolean }) {
    const api = cliClient(d);
    try {
      const session = await api.client.sessions.create.mutate({ cwd: d.home });
      const paneEnv = processEnv(panePid(d.home, session.tmuxName));
      expect(paneEnv.get('HOME'), 'the pane has an environment at all').toBeTruthy();
      // The global environment of the tmux server that holds the session.
      const globalEnv = tmux(d.home, 'show-environment', '-g', '-t', `=${session.tmuxName}`);
      const serverEnvs = tmuxServerPids(d.home).map((pid) => processEnv(pid));
      expect(serverEnvs.length, 'a tmux server runs').toBeGreaterThan(0);
      for (const [name, value] of Object.entries(secret)) {
        expect(paneEnv.has(name), `${name} in the pane`).toBe(false);
        expect(globalEnv).not.toContain(value);
        expect(globalEnv.split('\n').filter((line) => line.startsWith(`${name}=`))).toEqual([]);
        if (serverToo) for (const serverEnv of serverEnvs) expect(serverEnv.has(name), `${name} in a tmux server`).toBe(false);
      }
      // The daemon really had them: otherwise this test proves nothing.
      const daemonEnv = processEnv(d.child.pid!);
      for (const [name, value] of Object.entries(secret)) expect(daemonEnv.get(name)).toBe(value);
    } finally {
      await api.close();
    }
  }

  it('a daemon started with RDV_TOKEN starts a tmux server and sessions without it', async () => {
    const secret = secrets();
    await expectClean(await fx.start(secret), secret, { serverToo: true });
  });

  it('a tmux server that an older daemon started with RDV_TOKEN is cleaned before new sessions', async () => {
    const secret = secrets();
    const { home } = fx;
    // What an older rdv left behind: its server, started from an environment holding the token.
    // One server, so the new session goes to that one (with several it would start a clean one).
    writeConfig(home, '[tmux]\nservers = 1\n');
    execFileSync('tmux', ['-S', join(home, 'tmux.sock'), '-f', '/dev/null', 'new-session', '-d', '-s', 'left-behind'], {
      env: { ...process.env, ...secret },
    });
    expect(tmux(home, 'show-environment', '-g')).toContain(`RDV_TOKEN=${secret.RDV_TOKEN}`);
    await expectClean(await fx.start(secret), secret, { serverToo: false });
  });

  it("nor do a repository's git hooks or the worktree set-up command", async () => {
    const secret = secrets();
    const root = makeGitRoot();
    const repo = makeRepo(join(root, 'repo'));
    const hookEnv = join(root, 'hook-env');
    writeFileSync(join(repo, '.git/hooks/post-checkout'), `#!/bin/sh\nenv > ${hookEnv}\n`);
    chmodSync(join(repo, '.git/hooks/post-checkout'), 0o755);
    writeConfig(fx.home, `[worktrees]\nallowed_roots = ["${root}"]\nsetup_command = "env"\n`);
    const api = cliClient(await fx.start(secret));
    try {
      const worktree = await api.client.worktrees.create.mutate({ repoPath: repo, branch: 'clean-env' });
      expect(worktree.setupOutput, 'the set-up command ran').toContain('RDV_WORKTREE_PATH=');
      expect(readFileSync(hookEnv, 'utf8'), 'the hook ran').toContain('PATH=');
      for (const value of Object.values(secret)) {
        expect(worktree.setupOutput).not.toContain(value);
        expect(readFileSync(hookEnv, 'utf8')).not.toContain(value);
      }
    } finally {
      await api.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("keeps the launcher's allocator settings to the daemon: no session or tmux server gets them", async () => {
    const d = await fx.start({});
    const api = cliClient(d);
    try {
      // The launcher gave them to the daemon: otherwise this test proves nothing.
      const daemonEnv = processEnv(d.child.pid!);
      for (const [name, value] of Object.entries(DAEMON_MALLOC_ENV)) expect(daemonEnv.get(name)).toBe(value);
      expect(daemonEnv.get(LAUNCH_ENV_VAR)).toBeTruthy();
      const session = await api.client.sessions.create.mutate({ cwd: d.home });
      const handedDown = [
        processEnv(panePid(d.home, session.tmuxName)),
        ...tmuxServerPids(d.home).map((pid) => processEnv(pid)),
      ];
      expect(handedDown[0]!.get('HOME'), 'the pane has an environment at all').toBeTruthy();
      const globalEnv = tmux(d.home, 'show-environment', '-g', '-t', `=${session.tmuxName}`);
      for (const name of [...Object.keys(DAEMON_MALLOC_ENV), LAUNCH_ENV_VAR]) {
        for (const env of handedDown) expect(env.has(name), `${name} handed down`).toBe(false);
        expect(globalEnv.split('\n').filter((line) => line.startsWith(`${name}=`))).toEqual([]);
      }
    } finally {
      await api.close();
    }
  });
});
