// The rdv CLI's numbers:
//   1. `rdv session list --json` wall time (spawn to exit) with BENCH_SESSIONS live sessions,
//      beside `node -e 0` (Node's own start-up) and `rdv --version` (loading the CLI bundle);
//   2. keystroke echo latency through `rdv attach` beside plain `tmux attach`, each in a pty
//      (node-pty), interleaved: one key, wait for its echo, next key. A clean bash at its prompt.
// The CLI that runs is the BUILT one (apps/cli/bin/rdv.js): `npm run -w @rdv/cli build` first.
// Run: npx tsx bench/cli.ts   (BENCH_SESSIONS=100, BENCH_CLI_RUNS=30, BENCH_SAMPLES=400;
// BENCH_CLI_LIST_ONLY=1 stops after part 1)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@rdv/client';
import { ECHO_TIMEOUT_MS, ptyProbe, resetLine, typeInTurns } from './echo-probe.ts';
import { printRow, summarize } from './lib.ts';
import {
  bareTmux,
  cleanShell,
  onCleanup,
  rotation,
  runBench,
  sleep,
  startDaemon,
  tempDir,
  benchSession,
  UNLIMITED_CREATES,
} from './harness.ts';
import { waitUntil } from '@rdv/test-support';

const CLI_BIN = fileURLToPath(new URL('../apps/cli/bin/rdv.js', import.meta.url));
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100);
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 30);
const WARMUP_RUNS = 3;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const CREATE_CONCURRENCY = 4;
const BEFORE = process.env.BENCH_BEFORE;

/** Runs `call`, waiting out the daemon's rate limit (`[limits] expensive_*`) when it answers 429. */
async function withRetry<T>(call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const data = (error as { data?: { code?: string; retryAfterSeconds?: number } }).data;
      if (data?.code !== 'TOO_MANY_REQUESTS') throw error;
      await sleep((data.retryAfterSeconds ?? 1) * 1000);
    }
  }
}

/** Wall time of one process, spawn to exit, in ms; fails on a non-zero exit. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve(ms);
      else reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** A daemon (this build's, or the one at `entry`) with SESSIONS live sessions, and the CLI's env for it. */
async function daemonWithSessions(work: string, entry?: string) {
  const daemon = await startDaemon({}, [], UNLIMITED_CREATES, entry);
  const env: NodeJS.ProcessEnv = { ...process.env, RDV_HOME: daemon.home };
  delete env.RDV_TOKEN;
  delete env.TMUX;
  const api = createApiClient({
    socketPath: daemon.apiSocket,
    credentials: { kind: 'cli', token: daemon.cliToken() },
  });
  onCleanup(() => api.close());
  const t0 = performance.now();
  let created = 0;
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      while (created < SESSIONS) {
        const name = `bench-${++created}`;
        await withRetry(() => api.client.sessions.create.mutate(benchSession(work, { name })));
      }
    }),
  );
  const live = (await api.client.sessions.list.query({ status: ['active'] })).length;
  console.log(`${live} live sessions created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { daemon, env, api, live };
}

await runBench(async () => {
  const work = tempDir('rdv-bcli-');
  // 1. session list with SESSIONS live sessions.
  const { daemon, env, api, live } = await daemonWithSessions(work);
  const variants: Record<string, { args: string[]; env: NodeJS.ProcessEnv }> = {
    'node -e 0 (Node start-up floor)': { args: ['-e', '0'], env },
    'rdv --version (CLI load)': { args: [CLI_BIN, '--version'], env },
    [`rdv session list --json (${live} sessions)`]: { args: [CLI_BIN, 'session', 'list', '--json'], env },
  };
  if (BEFORE) {
    const before = await daemonWithSessions(work, join(BEFORE, 'apps/daemon/dist/main.js'));
    const cli = join(BEFORE, 'apps/cli/bin/rdv.js');
    variants['before: rdv --version'] = { args: [cli, '--version'], env: before.env };
    variants[`before: rdv session list --json (${before.live} sessions, its own daemon)`] = {
      args: [cli, 'session', 'list', '--json'],
      env: before.env,
    };
  }
  const names = Object.keys(variants);
  const run = (name: string) => timeProcess(variants[name]!.args, variants[name]!.env);
  for (let i = 0; i < WARMUP_RUNS; i++) for (const name of names) await run(name);
  const wall = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const name of rotation(names, i)) wall.get(name)!.push(await run(name));
  }
  console.log(`\nwall time, spawn to exit (the whole output read from a pipe), ${RUNS} runs each, interleaved`);
  for (const name of names) printRow(name, summarize(wall.get(name)!));

  if (process.env.BENCH_CLI_LIST_ONLY) return;

  // 2. keystroke echo: rdv attach vs tmux attach.
  const session = await api.client.sessions.create.mutate(benchSession(work, { name: 'keys' }));
  await cleanShell(daemon.tmux, session.tmuxName);
  const bare = bareTmux();
  await bare.newSession('cli-keys');
  const plain = await bare.tmux.attachArgs('cli-keys');
  const probes = [
    ptyProbe('rdv attach (node-pty)', process.execPath, [CLI_BIN, 'attach', session.id], env),
    ptyProbe('tmux attach (node-pty)', plain.file, plain.args, plain.env),
  ];
  for (const probe of probes) {
    await waitUntil(() => probe.lastDataAt > 0, `${probe.name} first screen`, 15_000);
    await resetLine(probe);
  }
  await typeInTurns(probes, SAMPLES);
  console.log(`\nkeystroke echo, ${SAMPLES} keys each, interleaved (one key in flight)`);
  for (const probe of probes) {
    printRow(probe.name, summarize(probe.samples));
    if (probe.lost)
      console.log(
        `  ${probe.name}: ${probe.lost} key(s) without an echo within ${ECHO_TIMEOUT_MS} ms`,
      );
  }
  const ratio = summarize(probes[0]!.samples).p50 / summarize(probes[1]!.samples).p50;
  console.log(
    `rdv attach vs tmux attach: p50 ${ratio.toFixed(2)}x (issue 14's target <= 1.5x: ${ratio <= 1.5 ? 'ok' : 'MISSED'})`,
  );
  probes[0]!.send('\x1d'); // detach cleanly
});
