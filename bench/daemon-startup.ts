// Daemon cold start to healthy, and the health round trip over api.sock.
// Run: npm run bench (or npx tsx bench/daemon-startup.ts). Needs the built daemon (npm install).
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@rdv/client';
import { printRow, summarize } from './lib.ts';

const ENTRY = fileURLToPath(new URL('../apps/daemon/dist/main.js', import.meta.url));
const COLD_STARTS = Number(process.env.BENCH_STARTS ?? 10);
const HEALTH_CALLS = Number(process.env.BENCH_HEALTH_CALLS ?? 2000);

function health(socketPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/health', method: 'GET', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function startAndWait(home: string) {
  const started = performance.now();
  const child = spawn(process.execPath, [ENTRY], { env: { ...process.env, RDV_HOME: home }, stdio: 'ignore' });
  const socket = join(home, 'api.sock');
  for (;;) {
    try {
      if ((await health(socket)) === 200) break;
    } catch {
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  return { child, ms: performance.now() - started };
}

async function stop(child: ReturnType<typeof spawn>) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const home = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-bench-')));
try {
  // First start creates and migrates the database; later starts are the no-op case.
  const first = await startAndWait(home);
  console.log(`first start (creates db, migrates)              ${first.ms.toFixed(1)}ms`);
  await stop(first.child);

  const starts: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const run = await startAndWait(home);
    starts.push(run.ms);
    await stop(run.child);
  }
  printRow('cold start to healthy (migrations up to date)', summarize(starts));

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
    await health(socket);
    rawSamples.push(performance.now() - t);
  }
  printRow('GET /health (new connection each)', summarize(rawSamples));
  await close();
  await stop(daemon.child);
} finally {
  rmSync(home, { recursive: true, force: true });
}
