import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tmuxServerSocket } from '@rdv/contract/home';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shareNudges } from './exit-watcher.ts';
import { paneHistories } from './pane-history-stream.ts';
import { TEST_ENV } from './testing/tmux-server.ts';
import { TmuxError } from './tmux-error.ts';
import { Tmux } from './tmux-servers.ts';

/** Real tmux servers (three sockets in a temp folder) behind one `Tmux`. */
describe('Tmux over several servers', () => {
  let dir: string;
  let tmux: Tmux;
  let shell: { shell: string; args: string[] };
  const socket = (i: number) => tmuxServerSocket(join(dir, 'tmux.sock'), i);
  const serverHolding = (name: string) =>
    [0, 1, 2].filter((i) => {
      try {
        execFileSync('tmux', ['-S', socket(i), 'has-session', '-t', `=${name}`], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
  const create = (name: string, t = tmux) =>
    t.newSession({ name, cwd: dir, env: TEST_ENV, cols: 80, rows: 24, ...shell });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rdv-servers-'));
    await writeFile(join(dir, 'bashrc'), "PS1='$ '\nHISTFILE=/dev/null\n");
    shell = { shell: 'bash', args: ['--noprofile', '--rcfile', join(dir, 'bashrc')] };
    tmux = new Tmux({ socketPath: join(dir, 'tmux.sock'), servers: 3 });
  });
  afterEach(async () => {
    await tmux.killServer();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts each new session on the server holding the fewest: tmux.sock, tmux-1.sock, tmux-2.sock', async () => {
    for (const name of ['rdv-a', 'rdv-b', 'rdv-c', 'rdv-d']) await create(name);
    expect(serverHolding('rdv-a')).toEqual([0]);
    expect(serverHolding('rdv-b')).toEqual([1]);
    expect(serverHolding('rdv-c')).toEqual([2]);
    expect(serverHolding('rdv-d')).toEqual([0]);
    expect(existsSync(join(dir, 'tmux-1.sock'))).toBe(true);
    expect(tmux.socketPaths).toEqual([socket(0), socket(1), socket(2)]);
  });

  it('reaches every session on its own server: keys, captures, pane info, exit hooks', async () => {
    await create('rdv-a');
    await create('rdv-b');
    expect(await tmux.waitForReady('rdv-b')).toBe(true);
    await tmux.exec('rdv-b', 'echo on-$((40+2))');
    await expect.poll(() => tmux.capturePane('rdv-b'), { timeout: 10_000 }).toContain('on-42');
    expect((await tmux.paneInfo('rdv-b')).dead).toBe(false);
    expect(await tmux.hasSession('rdv-b')).toBe(true);
    expect(await tmux.hasSession('rdv-nope')).toBe(false);
    await tmux.ensureExitHooks(['rdv-a', 'rdv-b']);
    const attach = await tmux.attachArgs('rdv-b');
    expect(attach.args).toContain(socket(1));
  });

  it('lists and runs across servers, and finds a session an earlier daemon left on any of them', async () => {
    await create('rdv-a');
    await create('rdv-b');
    // A session made outside this object (an earlier daemon) on server 0.
    execFileSync('tmux', ['-S', socket(0), '-f', '/dev/null', 'new-session', '-d', '-s', 'rdv-old', 'sleep 600']);
    const fresh = new Tmux({ socketPath: join(dir, 'tmux.sock'), servers: 3 });
    expect((await fresh.listSessions()).map((s) => s.name).sort()).toEqual(['rdv-a', 'rdv-b', 'rdv-old']);
    const listed = await fresh.run([['list-panes', '-a', '-F', '#{session_name}']]);
    expect(listed.split('\n').filter(Boolean).sort()).toEqual(['rdv-a', 'rdv-b', 'rdv-old']);
    // Commands about sessions go to their servers and come back in order.
    const out = await fresh.run([
      ['display-message', '-p', '-t', '=rdv-old:', '#{session_name}'],
      ['display-message', '-p', '-t', '=rdv-a:', '#{session_name}'],
      ['display-message', '-p', '-t', '=rdv-b:', '#{session_name}'],
    ]);
    expect(out).toBe('rdv-old\nrdv-a\nrdv-b\n');
    await expect(fresh.run([['list-sessions'], ['has-session', '-t', '=rdv-a']])).rejects.toThrow(/cannot share a call/);
    // A new session goes where the fewest are, counting the ones it found (2, 1, 0).
    await create('rdv-new', fresh);
    expect(serverHolding('rdv-new')).toEqual([2]);
    expect(await fresh.killSession('rdv-old')).toBe(true);
    expect(serverHolding('rdv-old')).toEqual([]);
  });

  it('reads histories across servers in the order asked', async () => {
    await create('rdv-a');
    await create('rdv-b');
    await tmux.waitForReady('rdv-a');
    await tmux.waitForReady('rdv-b');
    const seen: string[] = [];
    for await (const block of paneHistories(tmux, ['rdv-b', 'rdv-a'])) if (!seen.includes(block.name)) seen.push(block.name);
    expect(seen).toEqual(['rdv-b', 'rdv-a']);
  });

  it('hears a pane die on any server, and kill-server stops them all', async () => {
    await create('rdv-a');
    await tmux.newSession({ name: 'rdv-b', cwd: dir, cols: 80, rows: 24, shell: 'sleep', args: ['1'] });
    expect(serverHolding('rdv-b')).toEqual([1]);
    const abort = new AbortController();
    const died = tmux.waitForAnyPaneDeath(abort.signal);
    // As the daemon does (ExitWatcher): tmux 3.3 with libutempter can miss the SIGCHLD of a
    // pane's process, whose death then goes unreported until the server gets another.
    const leaveNudges = shareNudges((await tmux.paneInfo('rdv-b')).serverPid);
    try {
      await expect(Promise.race([died.then(() => 'died'), new Promise((r) => setTimeout(() => r('timeout'), 15_000))])).resolves.toBe('died');
    } finally {
      leaveNudges();
    }
    abort.abort();
    expect((await tmux.paneInfo('rdv-b')).dead).toBe(true);
    await tmux.killServer();
    expect(serverHolding('rdv-a')).toEqual([]);
    expect(await tmux.listSessions()).toEqual([]);
  });

  it('asks no tmux process about all sessions when no server has a socket: "no server running"', async () => {
    for (const servers of [1, 3]) {
      const none = new Tmux({ socketPath: join(dir, `none-${servers}.sock`), servers });
      const refused = await none.run([['list-panes', '-a', '-F', '#{session_name}']]).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TmuxError);
      expect((refused as TmuxError).isNoServer).toBe(true);
      expect(await none.listSessions()).toEqual([]);
      expect(existsSync(join(dir, `none-${servers}.sock`))).toBe(false);
    }
  });

  it('with one server (the default) it is the single server it always was', async () => {
    const single = new Tmux({ socketPath: join(dir, 'one.sock') });
    expect(single.serverCount).toBe(1);
    await create('rdv-x', single);
    await create('rdv-y', single);
    const names = (await single.listSessions()).map((s) => s.name).sort();
    expect(names).toEqual(['rdv-x', 'rdv-y']);
    expect(existsSync(join(dir, 'one-1.sock'))).toBe(false);
    await single.killServer();
  });
});
