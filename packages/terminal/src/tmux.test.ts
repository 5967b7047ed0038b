import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tmux } from './tmux-servers.ts';
import { TmuxError } from './tmux-error.ts';
import { startTestServer, trimLines, waitUntil, type TestServer } from './testing/tmux-server.ts';

let server: TestServer;
let tmux: Tmux;

beforeAll(async () => {
  server = await startTestServer();
  tmux = server.tmux;
});
afterAll(async () => {
  await server.cleanup();
});

/** Runs `cat > file` in the session, types `text`, ends input, and returns the file contents. */
async function typeIntoFile(name: string, file: string, text: string): Promise<string> {
  const path = join(server.dir, file);
  await tmux.exec(name, `cat > ${path}`);
  // Type only once cat runs: keys that arrive while bash still holds the tty in readline's mode
  // (no ICRNL) keep their CR, and the last line would end in "\r" instead of "\n".
  await waitUntil(
    async () =>
      (
        await tmux.run([['display-message', '-p', '-t', `=${name}:`, '#{pane_current_command}']])
      ).trim() === 'cat',
    { what: 'cat to start' },
  );
  await tmux.sendText(name, text);
  await tmux.sendEnter(name);
  await tmux.sendKeys(name, ['C-d']);
  await waitUntil(
    async () => {
      const lines = trimLines(await tmux.capturePane(name));
      return lines.some((l) => l.includes('cat >')) && lines.at(-1) === '$';
    },
    { what: 'cat to finish' },
  );
  return readFile(path, 'utf8');
}

describe('session names', () => {
  it('maps ids to rdv-<id> and back', () => {
    expect(Tmux.sessionName('abc_1')).toBe('rdv-abc_1');
    expect(Tmux.isRdvSessionName('rdv-abc_1')).toBe(true);
    expect(Tmux.isRdvSessionName('main')).toBe(false);
    expect(Tmux.idFromSessionName('rdv-abc_1')).toBe('abc_1');
    expect(Tmux.idFromSessionName('other')).toBeNull();
    expect(() => Tmux.sessionName('a:b')).toThrow(RangeError);
    expect(() => Tmux.sessionName('a b')).toThrow(RangeError);
  });
});

describe('Tmux on a dedicated server', () => {
  it('lists its sessions when its environment has no UTF-8 locale (a bare systemd unit)', async () => {
    const socketPath = join(server.dir, 'no-locale.sock');
    const bare = new Tmux({ socketPath, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    try {
      await bare.newSession({ name: 'rdv-bare', cwd: server.dir, cols: 80, rows: 24 });
      expect(await bare.listSessions()).toEqual([
        expect.objectContaining({ name: 'rdv-bare', paneDead: false, panePid: expect.any(Number) }),
      ]);
    } finally {
      await bare.killServer().catch(() => undefined);
    }
  });

  it('reports no sessions and a usable tmux before the server runs', async () => {
    const idle = new Tmux({ socketPath: join(server.dir, 'never-started.sock') });
    expect(await idle.listSessions()).toEqual([]);
    expect(await idle.hasSession('rdv-x')).toBe(false);
    expect(await idle.ping()).toBe(true);
    expect(
      await new Tmux({ socketPath: join(server.dir, 'x.sock'), bin: '/nonexistent/tmux' }).ping(),
    ).toBe(false);
  });

  it('creates, lists, finds and kills sessions with exact names', async () => {
    await server.session('rdv-a');
    await server.session('rdv-ab');
    const sessions = await tmux.listSessions();
    const a = sessions.find((s) => s.name === 'rdv-a');
    expect(a).toMatchObject({ attached: 0, paneDead: false, paneDeadStatus: null });
    expect(a?.panePid).toBeGreaterThan(0);
    expect(a?.created.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(sessions.map((s) => s.name)).toEqual(expect.arrayContaining(['rdv-a', 'rdv-ab']));

    expect(await tmux.hasSession('rdv-a')).toBe(true);
    expect(await tmux.hasSession('rdv')).toBe(false); // a prefix of both
    expect(await tmux.killSession('rdv-a')).toBe(true);
    expect(await tmux.hasSession('rdv-a')).toBe(false);
    expect(await tmux.hasSession('rdv-ab')).toBe(true); // `rdv-a` never matched `rdv-ab`
    expect(await tmux.killSession('rdv-a')).toBe(false);
    await expect(tmux.capturePane('rdv-a')).rejects.toBeInstanceOf(TmuxError);
    await tmux.killSession('rdv-ab');
  });

  it('creates a session right after the last one closed (the server may still be exiting)', async () => {
    // tmux exits when its last session closes; a create that reaches it mid-exit used to fail
    // with "server exited unexpectedly" (1 run in 4 of this file, in CI too).
    for (let round = 0; round < 60; round += 1) {
      await tmux.newSession({
        name: 'rdv-again',
        cwd: server.dir,
        cols: 80,
        rows: 24,
        ...server.shell,
      });
      expect(await tmux.killSession('rdv-again')).toBe(true);
    }
    await tmux.newSession({
      name: 'rdv-again',
      cwd: server.dir,
      cols: 80,
      rows: 24,
      ...server.shell,
    });
    expect(await tmux.hasSession('rdv-again')).toBe(true);
    await tmux.killSession('rdv-again');
  });

  it('types text literally: leading dash, semicolons, quotes, $(...)', async () => {
    const name = await server.session('rdv-literal');
    await tmux.exec(name, `printf '%s\\n' '-n ; $(echo hi)'`);
    await waitUntil(
      async () => trimLines(await tmux.capturePane(name)).includes('-n ; $(echo hi)'),
      {
        what: 'the literal line',
      },
    );

    const text = [
      '-starts with a dash',
      '--also-a-flag-lookalike',
      'ends with a semicolon;',
      'ends with backslash semicolon\\;',
      ';',
      `"double" 'single' $(echo hi) \`echo ho\` $HOME \\n #comment {braces} ~`,
    ].join('\n');
    expect(await typeIntoFile(name, 'literal.txt', text)).toBe(`${text}\n`);
  });

  it('chunks long text without losing or splitting characters', async () => {
    const name = await server.session('rdv-long');
    const unit = 'abcdefghij-é-日本-🙂-';
    const text = unit.repeat(Math.ceil(5_000 / unit.length)).slice(0, 5_000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(5_000);
    const path = join(server.dir, 'long.txt');
    // One readline line (non-canonical), so the tty's 4 KB line limit does not apply.
    await tmux.exec(name, `printf '%s' '${text}' > ${path}; echo written-$((1+1))`);
    await waitUntil(async () => (await tmux.capturePane(name)).includes('written-2'), {
      what: 'printf',
    });
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('pastes as ONE bracketed paste (line breaks as CR), then Enter as a key of its own', async () => {
    const name = await server.session('rdv-paste');
    // A program that asks for bracketed paste (as agents' TUIs do) and records the raw bytes.
    const recorder = join(server.dir, 'paste-recorder.cjs');
    const out = join(server.dir, 'pasted.bin');
    await writeFile(
      recorder,
      `const fs = require('fs');
process.stdin.setRawMode(true);
process.stdout.write('\\x1b[?2004hready\\n');
process.stdin.on('data', (chunk) => fs.appendFileSync(process.argv[2], chunk));`,
    );
    await tmux.exec(name, `node ${recorder} ${out}`);
    await waitUntil(async () => (await tmux.capturePane(name)).includes('ready'), {
      what: 'the recorder',
    });
    // Over one set-buffer piece (16 KiB), with multi-byte characters across the piece boundaries.
    const text = `-first line; $(not run)\nsecond — é日本🙂\n${'wide 日本🙂 '.repeat(2_000)}end`;
    await tmux.paste(name, text);
    const expected = `\x1b[200~${text.replaceAll('\n', '\r')}\x1b[201~\r`;
    await waitUntil(
      async () => (await readFile(out, 'utf8').catch(() => '')).length >= expected.length,
      {
        what: 'the paste and its Enter',
      },
    );
    expect(await readFile(out, 'utf8')).toBe(expected);
    await tmux.sendKeys(name, ['C-c']);
  });

  it('never interleaves two concurrent execs in one session', async () => {
    const name = await server.session('rdv-mutex');
    const path = join(server.dir, 'mutex.txt');
    const a = 'A'.repeat(1_500);
    const b = 'B'.repeat(1_500);
    await Promise.all([
      tmux.exec(name, `echo ${a} >> ${path}`),
      tmux.exec(name, `echo ${b} >> ${path}`),
    ]);
    const lines = await waitUntil(
      async () => {
        const content = await readFile(path, 'utf8').catch(() => '');
        const parts = content.split('\n').filter(Boolean);
        return parts.length === 2 && parts;
      },
      { what: 'both lines' },
    );
    expect(lines.sort()).toEqual([a, b]);
  });

  it('waits for the prompt so a start-up command is not eaten', async () => {
    const name = 'rdv-ready';
    const startedAt = Date.now();
    // A slow shell start-up: nothing on screen for 300 ms.
    await tmux.newSession({
      name,
      cwd: server.dir,
      cols: 80,
      rows: 24,
      shell: 'sh',
      args: ['-c', `sleep 0.3; exec ${[server.shell.shell, ...server.shell.args].join(' ')}`],
    });
    expect(await tmux.waitForReady(name)).toBe(true);
    const waited = Date.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(trimLines(await tmux.capturePane(name))).toEqual(['$']);
    await tmux.exec(name, 'echo started-$((20+3))');
    await waitUntil(async () => trimLines(await tmux.capturePane(name)).includes('started-23'), {
      what: 'the start-up command output',
    });
  });

  it('waitForReady gives up on a blank pane', async () => {
    await tmux.newSession({
      name: 'rdv-blank',
      cwd: server.dir,
      cols: 80,
      rows: 24,
      shell: 'sleep',
      args: ['5'],
    });
    expect(await tmux.waitForReady('rdv-blank', { timeoutMs: 300 })).toBe(false);
    await tmux.killSession('rdv-blank');
  });

  it('runs the pane program directly, with its args and without unset variables', async () => {
    await tmux.newSession({
      name: 'rdv-argv',
      cwd: server.dir,
      cols: 80,
      rows: 24,
      env: { RDV_KEEP: 'kept', RDV_DROP: 'secret' },
      unsetEnv: ['RDV_DROP'],
      shell: 'sh',
      args: ['-c', 'echo "keep=$RDV_KEEP drop=${RDV_DROP-unset} arg=$0"; sleep 30', '$(not run)'],
    });
    await waitUntil(
      async () =>
        trimLines(await tmux.capturePane('rdv-argv')).includes(
          'keep=kept drop=unset arg=$(not run)',
        ),
      { what: 'the program output' },
    );
    await tmux.killSession('rdv-argv');
  });

  it('applies history-limit per session, set before the pane exists', async () => {
    await server.session('rdv-hist-small', { historyLimit: 1_234 });
    await server.session('rdv-hist-large', { historyLimit: 20_000 });
    expect((await tmux.paneInfo('rdv-hist-small')).historyLimit).toBe(1_234);
    expect((await tmux.paneInfo('rdv-hist-large')).historyLimit).toBe(20_000);

    await tmux.exec('rdv-hist-small', 'seq 1 3000');
    await waitUntil(
      async () => trimLines(await tmux.capturePane('rdv-hist-small')).includes('3000'),
      {
        what: 'seq',
      },
    );
    const info = await tmux.paneInfo('rdv-hist-small');
    expect(info.historySize).toBeLessThanOrEqual(1_234);
    expect(info.historySize).toBeGreaterThan(1_000);
  });

  it('keeps a dead pane and reads its exit status', async () => {
    const name = await server.session('rdv-exit');
    await tmux.exec(name, 'exit 3');
    const session = await waitUntil(
      // tmux 3.3 marks the pane dead a moment before it has reaped the process.
      async () =>
        (await tmux.listSessions()).find((s) => s.name === name && s.paneDeadStatus !== null),
      { what: 'dead pane' },
    );
    expect(session).toMatchObject({ paneDead: true, paneDeadStatus: 3 });
    expect(await tmux.paneInfo(name)).toMatchObject({ dead: true, deadStatus: 3 });
  });

  it('captures history, colours and wrapped lines, and reports pane state', async () => {
    const name = await server.session('rdv-capture', { cols: 40, rows: 10 });
    await tmux.exec(
      name,
      `clear; seq 1 30; printf '\\033[31mred\\033[0m\\n'; printf 'x%.0s' $(seq 1 50); echo`,
    );
    await waitUntil(async () => trimLines(await tmux.capturePane(name)).at(-1) === '$', {
      what: 'the prompt',
    });
    const visible = trimLines(await tmux.capturePane(name));
    expect(visible).not.toContain('1');
    expect(trimLines(await tmux.capturePane(name, { lines: 100 }))).toContain('1');
    expect(await tmux.capturePane(name, { escapes: true })).toContain('\x1b[31mred');
    const joined = trimLines(await tmux.capturePane(name, { joinWrapped: true }));
    expect(joined).toContain('x'.repeat(50));
    const info = await tmux.paneInfo(name);
    expect(info).toMatchObject({
      width: 40,
      height: 10,
      alternateOn: false,
      inMode: false,
      dead: false,
    });
    expect(info.cursorX).toBe(2);
  });

  it('leaves copy-mode before typing', async () => {
    const name = await server.session('rdv-copy');
    await tmux.run([['copy-mode', '-t', '=rdv-copy:']]);
    expect((await tmux.paneInfo(name)).inMode).toBe(true);
    await tmux.exec(name, 'echo after-copy-$((1+1))');
    await waitUntil(async () => trimLines(await tmux.capturePane(name)).includes('after-copy-2'), {
      what: 'typed command',
    });
    expect((await tmux.paneInfo(name)).inMode).toBe(false);
  });

  it('wraps failures in TmuxError with the command and stderr', async () => {
    // Regression: display-message falls back to another session for a missing target.
    await server.session('rdv-present');
    const error = await tmux.paneInfo('rdv-missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmuxError);
    expect((error as TmuxError).args).toContain('=rdv-missing:');
    expect((error as TmuxError).stderr).toMatch(/can't find|no such/);
    expect((error as TmuxError).isNotFound).toBe(true);
  });
});
