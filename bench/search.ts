// search.query across many sessions: BENCH_SESSIONS sessions on a real daemon, each with
// BENCH_LINES lines of history (awk output, `needle-hit` on every 1,000th line; `rare-needle`
// once, in the session searched last). Interleaved, BENCH_ROUNDS rounds:
//   rdv first page     search.query 'needle-hit', limit 50 (the palette's first answer)
//   rdv all matches    search.query 'needle-hit', limit 500, following nextCursor to the end
//   rdv regex, all     the same as a regular expression (the worker path)
//   rdv rare (1 page)  'rare-needle': one match, so every history is read
//   bare loop | grep   `tmux capture-pane -p -S -` per session in a shell loop, piped to grep
//   bare 1 client      one tmux client capturing every pane (rdv's own script), piped to grep
// Then how long tmux keeps other clients waiting while it captures for a search: `display-message`
// round trips (spawned from here) while idle and during full scans.
// With the load average next to the numbers, and the daemon's memory: RSS before, at its peak
// during the searches and after; and the live JS heap after a forced full GC, before and after
// (what the searches kept: nothing, if memory is bounded).
// Run: cd bench && npx tsx search.ts   (BENCH_SESSIONS=100 BENCH_LINES=10000 BENCH_ROUNDS=5)
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApiClient } from '@rdv/client';
import { waitUntil } from '@rdv/test-support';
import { printRow, summarize } from './lib.ts';
import {
  GC_NODE_ARGS,
  benchSession,
  onCleanup,
  rotation,
  rssKb,
  runBench,
  sleep,
  startDaemon,
  tempDir,
  UNLIMITED_CREATES,
} from './harness.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100);
const LINES = Number(process.env.BENCH_LINES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const NEEDLE_EVERY = 1_000;
const run = promisify(execFile);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

await runBench(async () => {
  const work = tempDir('rdv-search-');
  const memFile = join(work, 'memory.json');
  const daemon = await startDaemon({ RDV_BENCH_MEMFILE: memFile }, GC_NODE_ARGS, UNLIMITED_CREATES);
  /** The daemon's live JS heap (MB) after a full GC (bench/gc-on-signal.mjs). */
  const heapAfterGc = async () => {
    rmSync(memFile, { force: true });
    daemon.child.kill('SIGUSR2');
    let heap = Number.NaN;
    await waitUntil(
      () => {
        try {
          heap =
            (JSON.parse(readFileSync(memFile, 'utf8')) as { heapUsed: number }).heapUsed / 1048576;
          return true;
        } catch {
          return false;
        }
      },
      'the memory file',
      10_000,
    );
    return heap;
  };
  const api = createApiClient({
    socketPath: daemon.apiSocket,
    credentials: { kind: 'cli', token: daemon.cliToken() },
  });
  onCleanup(() => api.close());

  console.log(`creating ${SESSIONS} sessions with ${LINES} lines of history each (load ${load()})`);
  const sessions: Array<{ id: string; tmuxName: string }> = [];
  for (let i = 0; i < SESSIONS; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, SESSIONS - i) }, () =>
        api.client.sessions.create.mutate(benchSession(work)),
      ),
    );
    sessions.push(...batch.map((s) => ({ id: s.id, tmuxName: s.tmuxName })));
  }
  // The text is computed by awk, so the typed command line never matches the queries. The first
  // session created is the last searched (newest first): it alone holds the rare needle.
  const fill = (rare: boolean) =>
    `awk 'BEGIN{for(i=1;i<=${LINES};i++) printf "%05d build step compiling module_%d.ts ok in %dms %s%s\\n", ` +
    `i, i%997, (i*7)%500, (i%${NEEDLE_EVERY}==0 ? "needle" "-hit" : ""), (${rare ? 1 : 0} && i==${Math.floor(LINES / 2)} ? " rare" "-needle" : "")}'`;
  for (let i = 0; i < sessions.length; i += 10) {
    await Promise.all(
      sessions
        .slice(i, i + 10)
        .map((s, j) => api.client.sessions.exec.mutate({ id: s.id, text: fill(i + j === 0) })),
    );
  }
  const target = Math.min(LINES, 10_000) * 0.9;
  await waitUntil(
    async () => {
      const sizes = await daemon.tmux.run([['list-panes', '-a', '-F', '#{history_size}']]);
      return sizes
        .trim()
        .split('\n')
        .every((n) => Number(n) >= target);
    },
    'every history to fill',
    600_000,
    500,
  );
  const histories = (await daemon.tmux.run([['list-panes', '-a', '-F', '#{history_size}']]))
    .trim()
    .split('\n')
    .map(Number);
  console.log(
    `histories: ${histories.length} panes, ${Math.min(...histories)}..${Math.max(...histories)} lines each (tmux trims 10% at the limit)`,
  );
  const allPages = async (regex: boolean) => {
    let cursor: string | undefined;
    let count = 0;
    let pages = 0;
    do {
      const page = await api.client.search.query.query({
        query: regex ? 'needle-h[i]t' : 'needle-hit',
        regex,
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      count += page.matches.length;
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    return { count, pages };
  };
  const expected = (await allPages(false)).count;
  const socket = daemon.tmuxSocket;
  const bareLoop = `for s in $(tmux -S "$1" list-sessions -F '#{session_name}'); do tmux -S "$1" capture-pane -p -S - -t "=$s:"; done | grep -c needle-hit`;
  const bareOne =
    `tmux -S "$1" list-sessions -F '#{session_name}' | ` +
    `sed 's/.*/capture-pane -p -S - -t "=&:"/' | tmux -S "$1" source-file - | grep -c needle-hit`;
  const counts: Record<string, number[]> = {};
  const variants: Record<string, () => Promise<number>> = {
    'rdv first page (limit 50)': async () =>
      (await api.client.search.query.query({ query: 'needle-hit', limit: 50 })).matches.length,
    'rdv all matches (pages of 500)': async () => (await allPages(false)).count,
    'rdv regex, all matches': async () => (await allPages(true)).count,
    'rdv rare needle (reads everything)': async () =>
      (await api.client.search.query.query({ query: 'rare-needle' })).matches.length,
    'bare capture-pane loop | grep -c': async () =>
      Number((await run('sh', ['-c', bareLoop, 'sh', socket])).stdout.trim()),
    'bare one tmux client | grep -c': async () =>
      Number((await run('sh', ['-c', bareOne, 'sh', socket])).stdout.trim()),
  };
  const names = Object.keys(variants);
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));

  const heapBefore = await heapAfterGc();
  const rssBefore = rssKb(daemon.pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    const rss = rssKb(daemon.pid);
    rssPeak = Math.max(rssPeak, rss);
  }, 20);
  onCleanup(() => clearInterval(sampler));
  const loadBefore = load();
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of rotation(names, round)) {
      const started = performance.now();
      const count = await variants[name]!();
      samples.get(name)!.push(performance.now() - started);
      (counts[name] ??= []).push(count);
    }
    console.log(`round ${round + 1}/${ROUNDS} done (load ${load()})`);
  }
  clearInterval(sampler);
  const rssAfter = rssKb(daemon.pid);
  const heapAfter = await heapAfterGc();

  /** `tmux display-message` round trips every 10 ms until `until` settles. */
  const probeTmux = async (until: Promise<unknown>) => {
    const times: number[] = [];
    let done = false;
    void until.finally(() => (done = true));
    while (!done) {
      const started = performance.now();
      await run('tmux', ['-S', socket, 'display-message', '-p', 'x']);
      times.push(performance.now() - started);
      await sleep(10);
    }
    return summarize(times);
  };
  const idleProbe = await probeTmux(sleep(3_000));
  const scans = (async () => {
    for (let i = 0; i < 3; i++) await api.client.search.query.query({ query: 'rare-needle' });
  })();
  const busyProbe = await probeTmux(scans);

  console.log(
    `\n${SESSIONS} sessions x ~${LINES} lines; ${expected} needle-hit lines; ${ROUNDS} rounds, interleaved`,
  );
  console.log(
    `load average before: ${loadBefore}   after: ${load()}   (${process.env.BENCH_NOTE ?? '2 cores'})`,
  );
  for (const name of names) {
    printRow(name, summarize(samples.get(name)!));
    console.log(`${''.padEnd(44)} matches per run: ${[...new Set(counts[name])].join(', ')}`);
  }
  printRow('tmux display round trip, idle', idleProbe);
  printRow('tmux display round trip, during full scans', busyProbe);
  console.log(
    `daemon RSS: before ${(rssBefore / 1024).toFixed(1)} MB, peak during searches ${(rssPeak / 1024).toFixed(1)} MB, after ${(rssAfter / 1024).toFixed(1)} MB`,
  );
  console.log(
    `daemon JS heap after a full GC: before ${heapBefore.toFixed(1)} MB, after ${heapAfter.toFixed(1)} MB`,
  );
});
