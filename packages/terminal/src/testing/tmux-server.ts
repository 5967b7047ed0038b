// Shared by the tests: a real tmux server on a temporary socket, and a predictable shell.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@rdv/test-support';
import { Tmux } from '../tmux-servers.ts';
import type { Subscription, TerminalEvent } from '../subscription.ts';

/** UTF-8, whatever the machine's locale. */
export const TEST_ENV = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
/** A fixed `$ ` prompt (set in an rc file: bash may ignore an inherited PS1) and no history file. */
const TEST_BASHRC = "PS1='$ '\nunset PROMPT_COMMAND\nHISTFILE=/dev/null\n";

export interface TestServer {
  tmux: Tmux;
  dir: string;
  /** bash with the test rc file and no profile. */
  shell: { shell: string; args: string[] };
  /** Creates a session running the test shell and waits for its prompt. */
  session(
    name: string,
    options?: { cols?: number; rows?: number; historyLimit?: number },
  ): Promise<string>;
  cleanup(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'rdv-terminal-'));
  const tmux = new Tmux({ socketPath: join(dir, 'tmux.sock') });
  await writeFile(join(dir, 'bashrc'), TEST_BASHRC);
  const shell = { shell: 'bash', args: ['--noprofile', '--rcfile', join(dir, 'bashrc')] };
  return {
    tmux,
    dir,
    shell,
    async session(name, { cols = 80, rows = 24, historyLimit } = {}) {
      await tmux.newSession({ name, cwd: dir, env: TEST_ENV, cols, rows, historyLimit, ...shell });
      if (!(await tmux.waitForReady(name))) throw new Error(`session ${name} never became ready`);
      return name;
    },
    async cleanup() {
      await tmux.killServer();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * @rdv/test-support's waitFor (which does the polling), in the options form these tests use.
 * @returns the first value `check` gives other than undefined/false.
 */
export function waitUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 25, what = 'condition' } = {},
): Promise<T> {
  return waitFor(check, what, timeoutMs, intervalMs);
}

/** Pulls events from a subscription in the background, keeping all output. */
export function collect(subscription: Subscription): {
  events: TerminalEvent[];
  text(): string;
  lastSeq(): number;
  done: Promise<void>;
} {
  const events: TerminalEvent[] = [];
  const done = (async () => {
    for (let event = await subscription.next(); event; event = await subscription.next())
      events.push(event);
  })();
  const outputs = () => events.flatMap((e) => (e.type === 'output' ? [e] : []));
  return {
    events,
    text: () =>
      outputs()
        .map((e) => e.data)
        .join(''),
    lastSeq: () => outputs().at(-1)?.seq ?? 0,
    done,
  };
}

/** Visible screen lines with trailing spaces removed (tmux's `capture-pane -p` does the same). */
export function trimLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\s+$/, ''));
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}
