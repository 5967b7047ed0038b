// Daemon and tmux-server memory (VmRSS): idle, with 100 idle sessions, and while 20 of them
// stream to one WebSocket subscriber each (one connection per subscriber, like one browser tab
// each). The daemon runs with a bench-only preload that does a full GC on SIGUSR2, so the
// "after GC" column is live memory; "max" columns are raw RSS as sampled (GC timing included).
// The producers are `nice -n 19 yes`: on 2 cores, 20 un-niced `yes` starve tmux and the daemon
// and nothing flows; niced, the pipeline runs as fast as tmux and the daemon can go.
// Run: npx tsx bench/daemon-memory.ts   (BENCH_SESSIONS=100, BENCH_STREAMS=20, BENCH_STREAM_S=5)
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createApiClient, createTerminalClient } from '@rdv/client';
import { unwrapStreamEvent } from '@rdv/contract';
import { printRow, summarize } from './lib.ts';
import {
  COLS,
  GC_NODE_ARGS,
  cpuMs,
  ROWS,
  childPids,
  commOf,
  median,
  onCleanup,
  pssKb,
  rssKb,
  runBench,
  sleep,
  startDaemon,
  tempDir,
  tmuxServerPids,
  benchSession,
} from './harness.ts';
import { waitUntil } from '@rdv/test-support';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 20);
const STREAM_SECONDS = Number(process.env.BENCH_STREAM_S ?? 5);

const mib = (kb: number) => `${(kb / 1024).toFixed(1)}`.padStart(6);

await runBench(async () => {
  const work = tempDir('rdv-mem-');
  const memFile = join(work, 'memory.json');
  const daemon = await startDaemon({ RDV_BENCH_MEMFILE: memFile }, GC_NODE_ARGS);
  const credentials = { kind: 'cli' as const, token: daemon.cliToken() };
  const api = createApiClient({ socketPath: daemon.apiSocket, credentials });
  onCleanup(() => api.close());
  const hubClients = () => childPids(daemon.pid).filter((pid) => commOf(pid).startsWith('tmux'));

  /** Raw RSS sampled every 100 ms for `ms`, then a forced GC and one more reading. */
  async function measure(ms: number) {
    // Every tmux server of the daemon, summed (it spreads sessions over several).
    const servers = tmuxServerPids(daemon.home);
    const server = servers.length > 0;
    const serversCpu = () => servers.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const serversRssKb = () => servers.reduce((sum, pid) => sum + rssKb(pid), 0);
    const daemonCpu0 = cpuMs(daemon.pid);
    const serverCpu0At = serversCpu();
    const daemonKb: number[] = [];
    const serverKb: number[] = [];
    const end = performance.now() + ms;
    do {
      daemonKb.push(rssKb(daemon.pid));
      if (server) serverKb.push(serversRssKb());
      await sleep(100);
    } while (performance.now() < end);
    const daemonCpu = cpuMs(daemon.pid) - daemonCpu0;
    const serverCpu = serversCpu() - serverCpu0At;
    rmSync(memFile, { force: true });
    daemon.child.kill('SIGUSR2');
    await sleep(500);
    const heap = JSON.parse(readFileSync(memFile, 'utf8')) as {
      heapUsed: number;
      external: number;
      arrayBuffers: number;
    };
    const clients = hubClients();
    return {
      daemonMax: Math.max(...daemonKb),
      daemonMedian: median(daemonKb),
      daemonGc: rssKb(daemon.pid),
      heapKb: heap.heapUsed / 1024,
      externalKb: heap.external / 1024,
      cpuPct: { daemon: (daemonCpu / ms) * 100, server: (serverCpu / ms) * 100 },
      serverMax: server ? Math.max(...serverKb) : 0,
      server: serversRssKb(),
      clients: clients.length,
      clientsRss: clients.reduce((sum, pid) => sum + (rssKb(pid) || 0), 0),
      clientsPss: clients.reduce((sum, pid) => sum + (pssKb(pid) || 0), 0),
    };
  }
  type M = Awaited<ReturnType<typeof measure>>;
  const rows: Array<[string, M]> = [];

  await sleep(1_500);
  const idle = await measure(1_000);
  rows.push(['idle, 0 sessions', idle]);

  const createMs: number[] = [];
  const sessions = [];
  for (let i = 0; i < SESSIONS; i++) {
    const t = performance.now();
    sessions.push(await api.client.sessions.create.mutate(benchSession(work)));
    createMs.push(performance.now() - t);
  }
  await sleep(2_000); // shells start, readiness polling ends
  const idle100 = await measure(2_000);
  rows.push([`idle, ${SESSIONS} sessions`, idle100]);

  // One WebSocket connection + subscriber per streaming session.
  const streaming = sessions.slice(0, STREAMS);
  let bytes = 0;
  let snapshots = 0;
  const subs: Array<{ unsubscribe(): void }> = [];
  const clients: Array<{ close(): Promise<void> }> = [];
  onCleanup(async () => {
    for (const s of subs) s.unsubscribe();
    await Promise.all(clients.map((c) => c.close()));
  });
  for (const s of streaming) {
    const ws = createTerminalClient({
      socketPath: daemon.terminalSocket,
      credentials,
      retryDelayMs: () => 60_000,
    });
    clients.push(ws);
    subs.push(
      ws.client.terminal.attach.subscribe(
        { sessionId: s.id, cols: COLS, rows: ROWS },
        {
          onData(value: unknown) {
            const { event } = unwrapStreamEvent(value);
            if (event.type === 'snapshot') snapshots++;
            if ('data' in event && event.data) bytes += event.data.length;
          },
          onError: (error: unknown) => console.error('subscription error', error),
        },
      ),
    );
  }
  await waitUntil(() => snapshots >= STREAMS, 'snapshots', 30_000);
  const attached = await measure(1_000);
  rows.push([`+ ${STREAMS} idle subscribers (hubs open)`, attached]);

  for (const s of streaming) await daemon.tmux.exec(s.tmuxName, 'nice -n 19 yes');
  const bytes0 = bytes;
  const t0 = performance.now();
  const during = await measure(STREAM_SECONDS * 1_000);
  const streamedMiB = (bytes - bytes0) / 1024 / 1024;
  const streamedS = (performance.now() - t0) / 1000;
  rows.push([`${STREAMS} streaming (${STREAM_SECONDS} s)`, during]);
  for (const s of streaming) await daemon.tmux.sendKeys(s.tmuxName, ['C-c']);
  await sleep(1_500);
  const after = await measure(1_000);
  rows.push(['streaming stopped, hubs open', after]);

  console.log(
    `MiB. ${SESSIONS} sessions (clean bash), ${STREAMS} stream \`nice -n 19 yes\`, 1 WS subscriber each.`,
  );
  console.log(
    'daemon RSS after a forced full GC, raw max RSS while sampling, JS heap used + external after GC;',
  );
  console.log(
    "tmux server RSS; the hubs' tmux processes (attach + wait-for per hub): count, sum RSS / sum PSS; CPU % of one core",
  );
  console.log(
    `${''.padEnd(34)} ${'dmnGC'.padStart(6)} ${'dmnMax'.padStart(6)} ${'heap'.padStart(6)} ${'extern'.padStart(6)}  ${'tmuxSv'.padStart(6)}  ${'hub tmux procs'.padEnd(20)} CPU daemon/tmux`,
  );
  for (const [label, m] of rows) {
    console.log(
      `${label.padEnd(34)} ${mib(m.daemonGc)} ${mib(m.daemonMax)} ${mib(m.heapKb)} ${mib(m.externalKb)}  ${mib(m.server)}  ${`${m.clients}, ${mib(m.clientsRss).trim()} / ${mib(m.clientsPss).trim()}`.padEnd(20)} ${m.cpuPct.daemon.toFixed(0)}% / ${m.cpuPct.server.toFixed(0)}%`,
    );
  }
  const perSession = (idle100.daemonGc - idle.daemonGc) / SESSIONS;
  const perSessionHeap = (idle100.heapKb - idle.heapKb) / SESSIONS;
  console.log(
    `per idle session: daemon ${perSession.toFixed(0)} KiB RSS (JS heap ${perSessionHeap.toFixed(1)} KiB), tmux server ${(idle100.server / SESSIONS).toFixed(0)} KiB (server RSS / ${SESSIONS})`,
  );
  console.log(
    `per open idle hub: daemon ${((attached.daemonGc - idle100.daemonGc) / STREAMS).toFixed(0)} KiB RSS (JS heap ${((attached.heapKb - idle100.heapKb) / STREAMS).toFixed(0)} KiB) + tmux processes ${((2 * attached.clientsPss) / Math.max(1, attached.clients)).toFixed(0)} KiB PSS`,
  );
  console.log(
    `streaming: daemon max ${mib(during.daemonMax).trim()} MiB = +${((during.daemonMax - attached.daemonGc) / 1024).toFixed(1)} MiB over idle hubs; subscribers got ${streamedMiB.toFixed(1)} MiB in ${streamedS.toFixed(1)} s (${(streamedMiB / streamedS).toFixed(1)} MiB/s total)`,
  );
  printRow('sessions.create latency', summarize(createMs));
});
