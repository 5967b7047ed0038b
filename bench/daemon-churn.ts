// Does the daemon give memory back when subscribers come and go? BENCH_ROUNDS rounds of
// BENCH_SUBSCRIBERS WebSocket connections, one subscriber each on its own idle session, that
// attach (snapshot received), stay a moment, and leave. After each round: a forced full GC in the
// daemon (bench/gc-on-signal.mjs), then RSS, JS heap and the hub tmux processes. Hubs stay open
// for HUB_IDLE_MS (60 s) after their last subscriber by design, so rounds reuse them; growth from
// round 2 on is what leaks. The first row is the daemon with the sessions and no subscriber.
// Run: cd bench && npx tsx daemon-churn.ts   (BENCH_SUBSCRIBERS=40 BENCH_ROUNDS=10)
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { unwrapStreamEvent } from '@rdv/contract';
import { createApiClient, createTerminalClient } from '@rdv/client';
import { waitUntil } from '@rdv/test-support';
import {
  COLS,
  GC_NODE_ARGS,
  ROWS,
  childPids,
  commOf,
  onCleanup,
  rssKb,
  runBench,
  sleep,
  startDaemon,
  tempDir,
  benchSession,
  UNLIMITED_CREATES,
} from './harness.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

await runBench(async () => {
  const work = tempDir('rdv-churn-');
  const memFile = join(work, 'memory.json');
  const daemon = await startDaemon({ RDV_BENCH_MEMFILE: memFile }, GC_NODE_ARGS, UNLIMITED_CREATES);
  const credentials = { kind: 'cli' as const, token: daemon.cliToken() };
  const api = createApiClient({ socketPath: daemon.apiSocket, credentials });
  onCleanup(() => api.close());

  async function liveMemory() {
    rmSync(memFile, { force: true });
    daemon.child.kill('SIGUSR2');
    await waitUntil(
      () => {
        try {
          JSON.parse(readFileSync(memFile, 'utf8'));
          return true;
        } catch {
          return false;
        }
      },
      'the memory file',
      10_000,
    );
    const heap = JSON.parse(readFileSync(memFile, 'utf8')) as {
      heapUsed: number;
      external: number;
    };
    const tmuxChildren = childPids(daemon.pid).filter((pid) => commOf(pid).startsWith('tmux'));
    return {
      rss: rssKb(daemon.pid) / 1024,
      heap: heap.heapUsed / 1048576,
      tmux: tmuxChildren.length,
    };
  }

  const sessions = [];
  for (let i = 0; i < SUBSCRIBERS; i += 8) {
    sessions.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(8, SUBSCRIBERS - i) }, () =>
          api.client.sessions.create.mutate(benchSession(work)),
        ),
      )),
    );
  }
  await sleep(3_000);
  const rows: Array<[string, Awaited<ReturnType<typeof liveMemory>>]> = [];
  rows.push(['sessions, no subscriber', await liveMemory()]);

  for (let round = 1; round <= ROUNDS; round++) {
    let snapshots = 0;
    const clients = sessions.map(() =>
      createTerminalClient({
        socketPath: daemon.terminalSocket,
        credentials,
        retryDelayMs: () => 60_000,
      }),
    );
    const subs = sessions.map((session, i) =>
      clients[i]!.client.terminal.attach.subscribe(
        { sessionId: session.id, cols: COLS, rows: ROWS },
        {
          onData(value: unknown) {
            if (unwrapStreamEvent(value).event.type === 'snapshot') snapshots += 1;
          },
          onError: (error: unknown) => console.error('subscription error', error),
        },
      ),
    );
    await waitUntil(() => snapshots >= sessions.length, 'every snapshot', 60_000);
    await sleep(500);
    for (const sub of subs) sub.unsubscribe();
    await Promise.all(clients.map((client) => client.close()));
    await sleep(1_000);
    rows.push([`after round ${round}`, await liveMemory()]);
  }

  console.log(
    `${SUBSCRIBERS} subscribers (one WebSocket each) attach and leave, ${ROUNDS} rounds; after a forced full GC. load ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(
    `${''.padEnd(26)} ${'RSS MB'.padStart(7)} ${'heap MB'.padStart(8)} ${'tmux procs'.padStart(10)}`,
  );
  for (const [label, m] of rows) {
    console.log(
      `${label.padEnd(26)} ${m.rss.toFixed(1).padStart(7)} ${m.heap.toFixed(1).padStart(8)} ${String(m.tmux).padStart(10)}`,
    );
  }
  const second = rows[2]?.[1];
  const last = rows.at(-1)?.[1];
  if (second && last) {
    console.log(
      `round 2 -> ${ROUNDS}: RSS ${(last.rss - second.rss).toFixed(1)} MB, heap ${(last.heap - second.heap).toFixed(1)} MB`,
    );
  }
});
