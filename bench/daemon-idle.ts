// The idle daemon at scale: how many child processes it spawns, how long its event loop stalls
// (perf_hooks.monitorEventLoopDelay inside the daemon, bench/idle-probe.mjs), CPU of the daemon
// and of the tmux server, and RSS, with 0, 100, ... idle sessions; and how fast sessions are
// created (sequentially and BENCH_CREATE_PARALLEL at a time). Idle means: clean bash at a
// prompt, no subscriber. An idle tmux server with no daemon costs ~0 CPU: that is the bare line.
// Run: cd bench && npx tsx daemon-idle.ts   (BENCH_LEVELS=0,100,1000 BENCH_IDLE_S=10)
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@rdv/client';
import {
  cpuMs,
  onCleanup,
  rssKb,
  runBench,
  sleep,
  startDaemon,
  tempDir,
  tmuxServerPids,
  benchSession,
  UNLIMITED_CREATES,
} from './harness.ts';

const LEVELS = (process.env.BENCH_LEVELS ?? '0,100').split(',').map(Number);
const IDLE_MS = Number(process.env.BENCH_IDLE_S ?? 10) * 1000;
const PARALLEL = Number(process.env.BENCH_CREATE_PARALLEL ?? 8);
/** Creates are rate limited (2 a second, burst 60) by default; the bench measures the daemon. */
const PROBE = [
  '--expose-gc',
  '--import',
  fileURLToPath(new URL('./idle-probe.mjs', import.meta.url)),
];

interface Probe {
  spawns: number;
  spawned: Record<string, number>;
  loop: { p50: number; p99: number; p999: number; max: number; samples: number };
  memory: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
}

await runBench(async () => {
  const work = tempDir('rdv-idle-');
  const probeFile = join(work, 'probe.json');
  const daemon = await startDaemon({ RDV_BENCH_PROBEFILE: probeFile }, PROBE, UNLIMITED_CREATES);
  const api = createApiClient({
    socketPath: daemon.apiSocket,
    credentials: { kind: 'cli', token: daemon.cliToken() },
  });
  onCleanup(() => api.close());

  // The bare alternative for event-loop delay: an idle Node process with the same probe, in the
  // same windows. On a busy machine both see the scheduler's delays; the difference is the daemon.
  const bareFile = join(work, 'bare-probe.json');
  const bare = spawn(process.execPath, [...PROBE, '-e', 'setInterval(() => {}, 1 << 30)'], {
    env: { ...process.env, RDV_BENCH_PROBEFILE: bareFile },
    stdio: 'ignore',
  });
  onCleanup(() => void bare.kill());

  async function readProbe(child: ChildProcess = daemon.child, file = probeFile): Promise<Probe> {
    rmSync(file, { force: true });
    child.kill('SIGUSR2');
    for (let i = 0; i < 100; i++) {
      await sleep(20);
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as Probe;
      } catch {
        // not written yet
      }
    }
    throw new Error('the daemon did not write its probe file');
  }

  const create = () => api.client.sessions.create.mutate(benchSession(work));
  let count = 0;
  const createRates: string[] = [];
  console.log(
    `load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${'sessions'.padStart(8)} ${'spawns/s'.padStart(8)} ${'loop p99'.padStart(9)} ${'loop max'.padStart(9)} ${'daemon CPU'.padStart(10)} ${'tmux CPU'.padStart(9)} ${'daemon RSS'.padStart(10)} ${'tmux RSS'.padStart(9)}  load`,
  );
  for (const level of LEVELS) {
    const toCreate = level - count;
    if (toCreate > 0) {
      // The first ten one at a time (a person clicking), the rest PARALLEL at a time (a script).
      const sequential = Math.min(10, toCreate);
      let t = performance.now();
      for (let i = 0; i < sequential; i++) await create();
      const seqRate = sequential / ((performance.now() - t) / 1000);
      const rest = toCreate - sequential;
      t = performance.now();
      for (let done = 0; done < rest; done += PARALLEL) {
        await Promise.all(Array.from({ length: Math.min(PARALLEL, rest - done) }, create));
      }
      const parRate = rest > 0 ? rest / ((performance.now() - t) / 1000) : Number.NaN;
      count = level;
      createRates.push(
        `to ${level}: ${seqRate.toFixed(1)}/s one at a time, ${parRate.toFixed(1)}/s ${PARALLEL} at a time`,
      );
      await sleep(3_000); // shells draw their prompts, readiness checks end
    } else {
      await sleep(3_000); // start-up settles
    }
    // Every tmux server of the daemon, summed (it spreads sessions over several).
    const servers = tmuxServerPids(daemon.home);
    const serversCpu = () => servers.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const serversRssKb = () => servers.reduce((sum, pid) => sum + rssKb(pid), 0);
    // Window 1: spawns and event-loop delay (the probe's 1 ms timer on).
    await Promise.all([readProbe(), readProbe(bare, bareFile)]);
    let t0 = performance.now();
    await sleep(IDLE_MS);
    const [probe, bareProbe] = await Promise.all([readProbe(), readProbe(bare, bareFile)]);
    const elapsed = performance.now() - t0;
    // Window 2: CPU, with the probe's timer off.
    writeFileSync(`${probeFile}.quiet`, '');
    await readProbe();
    const daemonCpu0 = cpuMs(daemon.pid);
    const serverCpu0 = serversCpu();
    t0 = performance.now();
    await sleep(IDLE_MS);
    const cpuElapsed = performance.now() - t0;
    const daemonCpu = ((cpuMs(daemon.pid) - daemonCpu0) / cpuElapsed) * 100;
    const serverCpu = ((serversCpu() - serverCpu0) / cpuElapsed) * 100;
    rmSync(`${probeFile}.quiet`);
    await readProbe();
    console.log(
      `${String(level).padStart(8)} ${(probe.spawns / (elapsed / 1000)).toFixed(2).padStart(8)} ${`${probe.loop.p99.toFixed(1)}ms`.padStart(9)} ${`${probe.loop.max.toFixed(1)}ms`.padStart(9)} ${`${daemonCpu.toFixed(2)}%`.padStart(10)} ${`${serverCpu.toFixed(2)}%`.padStart(9)} ${`${(rssKb(daemon.pid) / 1024).toFixed(1)}MB`.padStart(10)} ${`${(serversRssKb() / 1024).toFixed(1)}MB`.padStart(9)}  ${loadavg()[0]!.toFixed(2)}`,
    );
    console.log(
      `${'bare'.padStart(8)} ${''.padStart(8)} ${`${bareProbe.loop.p99.toFixed(1)}ms`.padStart(9)} ${`${bareProbe.loop.max.toFixed(1)}ms`.padStart(9)}   (an idle node process with the same probe, same window)`,
    );
    if (probe.spawns > 0) console.log(`         spawned: ${JSON.stringify(probe.spawned)}`);
    const m = (await readProbe()).memory;
    const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)}MB`;
    console.log(
      `         after a full GC: daemon RSS ${mb(m.rss)}, JS heap ${mb(m.heapUsed)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})`,
    );
  }
  for (const line of createRates) console.log(`creates ${line}`);
  console.log(
    `CPU is % of one core over ${IDLE_MS / 1000} s (clock ticks of 10 ms); bare: an idle tmux server alone uses ~0%.`,
  );
});
