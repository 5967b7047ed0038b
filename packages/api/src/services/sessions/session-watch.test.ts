// The session watch against a real tmux server: idle sessions cost no census, and an exited pane,
// a killed session and a new one are still noticed, through tmux's own signals.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tmux } from '@rdv/terminal';
import type { CensusRow } from '../orchestration/monitoring/tmux-census.ts';
import { SessionWatch } from './session-watch.ts';

let dir: string;
let tmux: Tmux;
let watch: SessionWatch;
const censuses: CensusRow[][] = [];
const abort = new AbortController();
let screensWatched = false;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Ticks (as the 1 s timer would) until a census shows `check`; fails after ~15 s. */
async function tickUntil(check: (census: CensusRow[]) => boolean, what: string): Promise<CensusRow[]> {
  for (let i = 0; i < 300; i++) {
    const before = censuses.length;
    await watch.tick(abort.signal);
    const latest = censuses.at(-1);
    if (censuses.length > before && latest && check(latest)) return latest;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A session whose program exits with `code` when Enter is pressed. */
async function exitingSession(name: string, code: number): Promise<void> {
  await tmux.newSession({
    name,
    cwd: dir,
    cols: 80,
    rows: 24,
    shell: '/bin/sh',
    args: ['-c', `read line; exit ${code}`],
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rdv-watch-'));
  tmux = new Tmux({ socketPath: join(dir, 'tmux.sock') });
  watch = new SessionWatch({
    tmux,
    reconcile: async (census) => {
      censuses.push([...census]);
      // As SessionService does: a dead pane without its status yet is looked at again.
      return { closed: 0, pending: census.some((row) => row.paneDead && row.paneDeadStatus === null) };
    },
    watch: async () => undefined,
    screensWatched: async () => screensWatched,
    onLost: () => undefined,
    intervalMs: 1_000,
    logger: silent,
  });
  tmux.useControlChannel((event) => watch.onChannelEvent(event));
});
afterAll(async () => {
  abort.abort();
  tmux.dispose();
  await tmux.killServer();
  await rm(dir, { recursive: true, force: true });
});

describe('SessionWatch', { timeout: 30_000 }, () => {
  it('takes no census while nothing happens, and notices an exited pane without one', async () => {
    await exitingSession('rdv-a', 0);
    await exitingSession('rdv-b', 7);
    await tickUntil((census) => census.length === 2, 'the first census');
    await sleep(300); // the hooks being set may still announce themselves
    await watch.tick(abort.signal);
    const quiet = censuses.length;
    for (let i = 0; i < 10; i++) {
      await watch.tick(abort.signal);
      await sleep(20);
    }
    expect(censuses.length).toBe(quiet);

    await tmux.sendEnter('rdv-b');
    const census = await tickUntil(
      (rows) => rows.some((row) => row.name === 'rdv-b' && row.paneDead && row.paneDeadStatus !== null),
      'rdv-b to be seen dead',
    );
    expect(census.find((row) => row.name === 'rdv-b')?.paneDeadStatus).toBe(7);
    expect(census.find((row) => row.name === 'rdv-a')?.paneDead).toBe(false);
  });

  it('notices a session killed or created by someone else', async () => {
    await new Tmux({ socketPath: tmux.socketPath }).killSession('rdv-a');
    await tickUntil((census) => !census.some((row) => row.name === 'rdv-a'), 'rdv-a to be gone');
    await new Tmux({ socketPath: tmux.socketPath }).newSession({ name: 'rdv-c', cwd: dir, cols: 80, rows: 24 });
    await tickUntil((census) => census.some((row) => row.name === 'rdv-c'), 'rdv-c to appear');
  });

  it('sets the shared exit hook on sessions it did not create', async () => {
    // A new server whose session has only its own channel in the hook, as an older daemon set it.
    await tmux.killServer();
    await exitingSession('rdv-d', 0);
    await exitingSession('rdv-old', 3);
    await tmux.run([['set-hook', '-t', '=rdv-old:', 'pane-died', 'wait-for -S rdv-pane-died-rdv-old']]);
    watch.noteChange();
    await tickUntil((census) => census.some((row) => row.name === 'rdv-old'), 'rdv-old in a census');
    await tmux.sendEnter('rdv-old');
    const census = await tickUntil(
      (rows) => rows.some((row) => row.name === 'rdv-old' && row.paneDeadStatus === 3),
      'rdv-old to be seen dead',
    );
    expect(census.some((row) => row.name === 'rdv-d' && !row.paneDead)).toBe(true);
  });

  it('takes a census every tick while screens are watched (agents)', async () => {
    screensWatched = true;
    await sleep(5_100); // the "anything watched?" question is asked every 5 s
    const before = censuses.length;
    await watch.tick(abort.signal);
    await watch.tick(abort.signal);
    expect(censuses.length).toBe(before + 2);
    screensWatched = false;
  });
});
