// Daemon cold start to healthy, and the health round trip over api.sock. Interleaved in each
// round: the bare floor (`node -e 0`, spawn to exit) and, with BENCH_BASE_ENTRY=<other main.js>,
// an older bundle to compare with (ratios survive a busy machine; absolute numbers do not).
// Run: npm run bench (or npx tsx bench/daemon-startup.ts). Needs the built daemon (npm install).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@rdv/client';
import { requestHealth, startDaemon } from '@rdv/client/daemon';
import { printRow, summarize } from './lib.ts';

const ENTRY = process.env.BENCH_DAEMON_ENTRY ?? fileURLToPath(new URL('../apps/daemon/dist/main.js', import.meta.url));
const COLD_STARTS = Number(process.env.BENCH_STARTS ?? 10);
const HEALTH_CALLS = Number(process.env.BENCH_HEALTH_CALLS ?? 2000);

const BASE_ENTRY = process.env.BENCH_BASE_ENTRY;

function bareNodeMs(): number {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - t;
}

async function startAndWait(home: string, entry = ENTRY) {
  const started = performance.now();
  const { daemon } = await startDaemon({
    entry,
    env: { ...process.env, RDV_HOME: home },
    output: 'ignore',
    apiSocket: join(home, 'api.sock'),
    pollMs: 2,
  });
  return { daemon, ms: performance.now() - started };
}

const home = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-bench-')));
let baseHome = home;
try {
  // First start creates and migrates the database; later starts are the no-op case.
  const first = await startAndWait(home);
  console.log(`first start (creates db, migrates)              ${first.ms.toFixed(1)}ms`);
  await first.daemon.stop();
  // The other build gets a home of its own: each keeps its own code cache there.
  if (BASE_ENTRY) baseHome = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-bench-base-')));
  if (BASE_ENTRY) await (await startAndWait(baseHome, BASE_ENTRY)).daemon.stop();

  const starts: number[] = [];
  const bare: number[] = [];
  const base: number[] = [];
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (let i = 0; i < COLD_STARTS; i++) {
    bare.push(bareNodeMs());
    if (BASE_ENTRY) {
      const old = await startAndWait(baseHome, BASE_ENTRY);
      base.push(old.ms);
      await old.daemon.stop();
    }
    const run = await startAndWait(home);
    starts.push(run.ms);
    await run.daemon.stop();
  }
  printRow('bare: node -e 0 (spawn to exit)', summarize(bare));
  if (BASE_ENTRY) printRow('cold start to healthy, BENCH_BASE_ENTRY', summarize(base));
  printRow('cold start to healthy (migrations up to date)', summarize(starts));
  const p50 = (values: number[]) => summarize(values).p50;
  console.log(
    `ratio to bare node: ${(p50(starts) / p50(bare)).toFixed(1)}x${BASE_ENTRY ? `, base ${(p50(base) / p50(bare)).toFixed(1)}x; this / base ${(p50(starts) / p50(base)).toFixed(2)}` : ''}; load average ${loadavg()[0]!.toFixed(2)}`,
  );

  const daemon = await startAndWait(home);
  const socket = join(home, 'api.sock');
  const { client, close } = createApiClient({ socketPath: socket, credentials: { kind: 'none' } });
  for (let i = 0; i < 200; i++) await client.health.query(); // warm-up
  const trpcSamples: number[] = [];
  for (let i = 0; i < HEALTH_CALLS; i++) {
    const t = performance.now();
    await client.health.query();
    trpcSamples.push(performance.now() - t);
  }
  printRow('health query (tRPC client, keep-alive)', summarize(trpcSamples));
  const rawSamples: number[] = [];
  for (let i = 0; i < HEALTH_CALLS; i++) {
    const t = performance.now();
    await requestHealth(socket);
    rawSamples.push(performance.now() - t);
  }
  printRow('GET /health (new connection each)', summarize(rawSamples));
  await close();
  await daemon.daemon.stop();
} finally {
  rmSync(home, { recursive: true, force: true });
  rmSync(baseHome, { recursive: true, force: true });
}
