import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from '../helpers/cli.ts';
import { attachScript, terminal } from '../helpers/pty-terminal.ts';
import { tmux } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';

describe('rdv attach through a real pty', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  let workdir: string;
  const terminals: Array<ReturnType<typeof terminal>> = [];
  const open = (script: string, size?: { cols: number; rows: number }) => {
    const t = terminal(fx.home, script, size);
    terminals.push(t);
    return t;
  };
  beforeAll(() => {
    workdir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-attach-')));
  });
  afterAll(() => {
    for (const t of terminals) t.kill();
    rmSync(workdir, { recursive: true, force: true });
  });
  const newSession = (name: string) =>
    fx.api.client.sessions.create.mutate({ name, cwd: workdir, cols: 80, rows: 24 });
  const windowSize = (tmuxName: string) =>
    tmux(
      fx.home,
      'display',
      '-p',
      '-t',
      `=${tmuxName}:`,
      '#{window_width}x#{window_height}',
    ).trim();

  it('types, sees output, follows resizes, detaches with Ctrl-] and restores the terminal', async () => {
    const session = await newSession('pty-one');
    const t = open(attachScript(`attach ${session.name}`));
    await t.waitFor(/[$#] ?\r?$/m);
    await waitUntil(
      () => windowSize(session.tmuxName) === '100x30',
      'the session to take the terminal size',
    );

    t.pty.write('echo typed-$((6*7))\r');
    await t.waitFor('typed-42');

    t.pty.resize(90, 25);
    await waitUntil(
      () => windowSize(session.tmuxName) === '90x25',
      () => `resize to 90x25 (is ${windowSize(session.tmuxName)})`,
    );
    t.pty.resize(110, 35);
    await waitUntil(
      () => windowSize(session.tmuxName) === '110x35',
      () => `resize to 110x35 (is ${windowSize(session.tmuxName)})`,
    );

    t.pty.write('\x1d');
    await t.waitFor('STTY-DONE');
    const text = t.text();
    expect(text).toContain('[rdv: detached from pty-one]');
    expect(text).toContain('CLI-EXIT=0');
    // Cooked again: canonical mode and echo on (raw mode shows "-icanon -echo").
    const stty = text.slice(text.indexOf('CLI-EXIT=0'));
    expect(stty).toMatch(/(^|\s)icanon(\s|$)/m);
    expect(stty).toMatch(/(^|\s)echo(\s|$)/m);
    // The restore sequence went out: mouse reporting and bracketed paste off, cursor shown.
    expect(t.output()).toContain('\x1b[?1000l');
    expect(t.output()).toContain('\x1b[?2004l');
    expect(t.output()).toContain('\x1b[?25h');
    expect(await t.waitExit()).toBe(0);
    // Detaching left the session running.
    expect((await fx.api.client.sessions.get.query({ id: session.id })).status).toBe('active');
  });

  it('Ctrl-b d detaches too (never reaching the daemon tmux client)', async () => {
    const session = await newSession('pty-two');
    const t = open(attachScript(`session attach ${session.id.slice(0, 10)}`));
    await t.waitFor(/[$#] ?\r?$/m);
    t.pty.write('\x02d');
    await t.waitFor('STTY-DONE');
    expect(t.text()).toContain('[rdv: detached from pty-two]');
    expect(t.text()).toContain('CLI-EXIT=0');
    // The daemon's own stream still works for others.
    await fx.api.client.sessions.exec.mutate({ id: session.id, text: 'echo still-there-$((2+3))' });
    await waitUntil(
      async () =>
        (await fx.api.client.sessions.scrollback.query({ id: session.id })).text.includes(
          'still-there-5',
        ),
      'exec after detach',
    );
  });

  it("ends with the session's exit code when its process exits", async () => {
    const session = await newSession('pty-exit');
    const t = open(attachScript(`attach ${session.id}`));
    await t.waitFor(/[$#] ?\r?$/m);
    t.pty.write('exit 7\r');
    await t.waitFor('STTY-DONE');
    expect(t.text()).toContain('[rdv: pty-exit exited with code 7]');
    expect(t.text()).toContain('CLI-EXIT=7');
    expect(t.text()).toMatch(/(^|\s)icanon(\s|$)/m);
  });

  it('SIGTERM while attached restores the terminal', async () => {
    const session = await newSession('pty-term');
    // A background job of a non-interactive sh reads /dev/null unless told otherwise.
    const t = open(
      `node ${CLI_BIN} attach ${session.id} </dev/tty & pid=$!; sleep 3; kill -TERM $pid; wait $pid; echo "CLI-EXIT=$?"; stty -a; echo STTY-DONE`,
    );
    await t.waitFor('STTY-DONE', 30_000);
    expect(t.text()).toContain('[rdv: SIGTERM; detached from pty-term]');
    expect(t.text()).toContain('CLI-EXIT=143');
  });

  it('reconnects after the daemon restarts and redraws without garbling', async () => {
    const session = await newSession('pty-restart');
    const t = open(attachScript(`attach ${session.id}`));
    await t.waitFor(/[$#] ?\r?$/m);
    t.pty.write('echo before-$((1+1))\r');
    await t.waitFor('before-2');

    await fx.stop();
    await t.waitFor('connection to the daemon lost', 20_000);
    const notice = t.output().lastIndexOf('connection to the daemon lost');
    // Not waited for: the attached CLI must find the new daemon by itself.
    fx.daemon = fx.spawn();
    // After the reconnect the screen is redrawn from a snapshot (which starts with a reset).
    await waitUntil(
      () => t.output().slice(notice).includes('\x1bc'),
      () =>
        `a snapshot redraw after the reconnect; got ${JSON.stringify(t.output().slice(notice).slice(-400))}`,
      30_000,
    );
    t.pty.write('echo after-$((2+2))\r');
    await t.waitFor('after-4');
    t.pty.write('\x1d');
    await t.waitFor('STTY-DONE');
    expect(t.text()).toContain('CLI-EXIT=0');
  }, 90_000);

  it('detaches at once while the daemon is away, keys in flight or not', async () => {
    const session = await newSession('pty-away');
    const t = open(attachScript(`attach ${session.id}`));
    await t.waitFor(/[$#] ?\r?$/m);
    await fx.stop();
    try {
      await t.waitFor('connection to the daemon lost');
      t.pty.write('typed while away');
      const before = Date.now();
      t.pty.write('\x1d');
      await t.waitFor('STTY-DONE');
      expect(Date.now() - before).toBeLessThan(5_000);
      expect(t.text()).toContain('[rdv: detached from pty-away]');
      expect(t.text()).toContain('CLI-EXIT=0');
      expect(t.text()).toMatch(/(^|\s)icanon(\s|$)/m);
    } finally {
      await fx.start();
    }
  });

  it('falls back to tmux attach when the daemon is down (clearly marked)', async () => {
    const session = await newSession('pty-fallback');
    await fx.stop();
    try {
      const t = open(`node ${CLI_BIN} attach ${session.id.slice(0, 8)}; echo "CLI-EXIT=$?"`);
      await t.waitFor('fallback: attaching to tmux session');
      await t.waitFor(/[$#] ?\r?$/m);
      t.pty.write('echo via-tmux-$((3*3))\r');
      await t.waitFor('via-tmux-9');
      t.pty.write('\x1d'); // rdv's detach key, caught by the CLI in front of tmux
      await t.waitFor('CLI-EXIT=0');
    } finally {
      await fx.start();
    }
  });

  it('bare rdv in a real terminal opens the menu; Esc leaves it', async () => {
    const t = open(`node ${CLI_BIN}; echo "CLI-EXIT=$?"`);
    await t.waitFor('What do you want to do?');
    await new Promise((r) => setTimeout(r, 200));
    t.pty.write('\x1b');
    await t.waitFor('CLI-EXIT=0');
    expect(t.text()).toContain('Cancelled; nothing changed.');
  });
});
