// Issue 12, finding 1: every value rdv hands to tmux (a session's cwd, env values, the shell
// path, text typed by exec and by the terminal) must reach it literally. tmux expands formats in
// some arguments (`new-session -c` ran `#(touch pwn)`; a folder named `#{session_name}` started
// the pane elsewhere) and its command parser expands `$`, `~` and splits at `;`. Each value is
// checked where the kernel keeps it (/proc), byte for byte, and no `#(...)` may have run.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { paneCommand, panePid, processArgv, processCwd, processEnv } from '../helpers/pane-process.ts';
import { waitUntil } from '@rdv/test-support';
import { classicAttacks, hostileStrings } from './hostile-strings.ts';

const SEED = 0x12_0001;

/**
 * What `read` gives once it equals `expected`, or its last value after 10 s: a new pane's
 * process is tmux's fork for a moment, before it has changed folder and exec'd the shell.
 */
async function settled<T>(read: () => T, expected: T): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    let value: T | undefined;
    try {
      value = read();
    } catch {
      value = undefined; // the process is between fork and exec
    }
    if (value === expected || Date.now() > deadline) return value as T;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('values reach tmux literally', () => {
  let base: string;
  let markers = '';
  /** A fresh folder for this test's markers: what a `#(touch ...)` would create lands there. */
  const marker = (test: string) => {
    markers = join(base, 'markers', test);
    mkdirSync(markers, { recursive: true });
    return join(markers, 'm');
  };

  const fx = useDaemon({ config: '[limits]\nexpensive_per_second = 1000\nexpensive_burst = 1000\n' });
  beforeAll(async () => {
    // Every case creates a session or types: lift the budget for expensive calls.
    base = realpathSync(fx.home);
  });

  /** Nothing that a `#(...)`, `$(...)` or backtick in any input would have created exists. */
  async function expectNothingRan(): Promise<void> {
    // tmux runs `#()` jobs in the background: give one the time it would need.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(readdirSync(markers)).toEqual([]);
  }

  it('a session cwd (new-session -c) is the folder itself, and nothing in its name runs', async () => {
    const names = [...classicAttacks(marker('cwd')), ...hostileStrings(SEED, 10, { exclude: ['/'] })];
    for (const [i, name] of names.entries()) {
      const dir = join(base, 'cwd', `${i}-${name}`);
      mkdirSync(dir, { recursive: true });
      const session = await fx.api.client.sessions.create.mutate({ cwd: dir });
      expect(session.cwd, JSON.stringify(name)).toBe(dir);
      expect(await settled(() => processCwd(panePid(fx.home, session.tmuxName)), dir), JSON.stringify(name)).toBe(dir);
      await fx.api.client.sessions.close.mutate({ id: session.id });
    }
    await expectNothingRan();
  });

  it('env values (new-session -e) arrive byte for byte, from the input and from preferences', async () => {
    const values = [...classicAttacks(marker('env')), ...hostileStrings(SEED + 1, 16)];
    const env = Object.fromEntries(values.map((value, i) => [`HOSTILE_${i}`, value]));
    const fromPrefs = hostileStrings(SEED + 2, 4);
    await fx.api.client.preferences.set.mutate({
      values: { env: Object.fromEntries(fromPrefs.map((value, i) => [`PREF_${i}`, value])) },
    });
    try {
      const session = await fx.api.client.sessions.create.mutate({ cwd: base, env });
      // The pane's process is tmux's fork until it has exec'd the shell: wait for that.
      await settled(() => processEnv(panePid(fx.home, session.tmuxName)).get('HOSTILE_0'), env.HOSTILE_0);
      const seen = processEnv(panePid(fx.home, session.tmuxName));
      for (const [name, value] of Object.entries(env)) expect(seen.get(name), name).toBe(value);
      for (const [i, value] of fromPrefs.entries()) expect(seen.get(`PREF_${i}`), `PREF_${i}`).toBe(value);
      await fx.api.client.sessions.close.mutate({ id: session.id });
    } finally {
      await fx.api.client.preferences.set.mutate({ values: { env: null } });
    }
    await expectNothingRan();
  });

  it('the shell path (the pane command) is executed as given', async () => {
    const names = [...classicAttacks(marker('shell')).slice(0, 6), ...hostileStrings(SEED + 3, 3, { exclude: ['/'] })];
    try {
      for (const [i, name] of names.entries()) {
        const dir = join(base, 'shells', `${i}-${name}`);
        mkdirSync(dir, { recursive: true });
        const shell = join(dir, 'sh');
        symlinkSync('/bin/sh', shell);
        await fx.api.client.preferences.set.mutate({ values: { shell } });
        const session = await fx.api.client.sessions.create.mutate({ cwd: base });
        expect(await settled(() => processArgv(panePid(fx.home, session.tmuxName))[0], shell), JSON.stringify(name)).toBe(shell);
        await fx.api.client.sessions.close.mutate({ id: session.id });
      }
    } finally {
      await fx.api.client.preferences.set.mutate({ values: { shell: null } });
    }
    await expectNothingRan();
  });

  describe('typed text', () => {
    const texts = (test: string) => [...classicAttacks(marker(test)), ...hostileStrings(SEED + 4, 12)];

    /** Types `head -c N > file`, then `type(text)` and Enter: the file holds what the pty got. */
    async function roundTrip(session: { id: string; tmuxName: string }, file: string, text: string, type: (text: string) => Promise<unknown>) {
      const bytes = Buffer.byteLength(text) + 1; // + the Enter, a newline to a line-mode pty
      await fx.api.client.sessions.exec.mutate({ id: session.id, text: `head -c ${bytes} > ${file}` });
      // Keys that arrive while the shell's line editor still owns the pty skip its CR→NL.
      await waitUntil(
        () => paneCommand(fx.home, session.tmuxName) === 'head',
        'head to run',
      );
      await type(text);
      await waitUntil(() => existsSync(file) && statSync(file).size >= bytes, `${file} to fill`);
      expect(readFileSync(file, 'utf8'), JSON.stringify(text)).toBe(`${text}\n`);
      rmSync(file);
    }

    it('sessions.exec (send-keys -l) types every character literally', async () => {
      const session = await fx.api.client.sessions.create.mutate({ cwd: base });
      for (const [i, text] of texts('exec').entries()) {
        await roundTrip(session, join(base, `exec-${i}`), text, (t) =>
          fx.api.client.sessions.exec.mutate({ id: session.id, text: t }),
        );
      }
      await fx.api.client.sessions.close.mutate({ id: session.id });
      await expectNothingRan();
    });

    it('terminal.input (control mode) types every byte literally', async () => {
      const session = await fx.api.client.sessions.create.mutate({ cwd: base });
      for (const [i, text] of texts('input').entries()) {
        await roundTrip(session, join(base, `input-${i}`), text, (t) =>
          fx.api.client.terminal.input.mutate({ sessionId: session.id, data: `${t}\r` }),
        );
      }
      await fx.api.client.sessions.close.mutate({ id: session.id });
      await expectNothingRan();
    });
  });
});
