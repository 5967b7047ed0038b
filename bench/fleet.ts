// The fleet's numbers: a remote rdv reached through SSH on loopback, beside the same remote
// session reached locally (the remote account's own sockets). Two machines from the tests' sshd
// fixture (tests/helpers/ssh-host.ts: a second OS account each, its own rdv-server and sshd on
// 127.0.0.1), added as hosts h1 and h2 of a home daemon. Needs root (useradd, sshd) and OpenSSH.
//   1. keystroke echo (terminal.input → terminal.attach subscription), interleaved: the same
//      session through the home's forwarded terminal.sock vs the remote's own terminal.sock;
//   2. `seq 1 BENCH_SEQ` wall time (input sent → end marker seen by the subscriber), each path
//      subscribed alone during its run, interleaved reps, and the ratio;
//   3. `rdv session list --all-hosts --json` wall time (spawn to exit) with 2 hosts × 100
//      sessions (1 live + 99 rows cloned as closed into each remote's SQLite, as
//      bench/sessions-list.ts does), beside `rdv session list` of one host on its own sockets
//      and `rdv --host h1 session list` through the tunnel;
//   4. sshd restart → host `connected` again, waiting for the tunnel's own retry (backoff 1-15 s)
//      and with `hosts.test` (reconnect now).
// Run: npx tsx bench/fleet.ts   (BENCH_SAMPLES=300, BENCH_SEQ=2000000, BENCH_REPS=3,
// BENCH_CLI_RUNS=10)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createApiClient, createTerminalClient } from '@rdv/client';
import { unwrapStreamEvent } from '@rdv/contract';
import { HOME_FILES, hostFiles } from '@rdv/contract/home';
import { waitFor, waitUntil } from '@rdv/test-support';
import { startSshHost, type SshHost } from '../tests/helpers/ssh-host.ts';
import { ECHO_TIMEOUT_MS, makeProbe, resetLine, typeInTurns, warmUp } from './echo-probe.ts';
import { printRow, summarize } from './lib.ts';
import {
  CLEAN_SHELL_CMD,
  COLS,
  ROWS,
  benchSession,
  median,
  onCleanup,
  rotation,
  runBench,
  sleep,
  spread,
  startDaemon,
} from './harness.ts';

const CLI_BIN = fileURLToPath(new URL('../apps/cli/bin/rdv.js', import.meta.url));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const SEQ_N = Number(process.env.BENCH_SEQ ?? 2_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const CLI_RUNS = Number(process.env.BENCH_CLI_RUNS ?? 10);
const SESSIONS_PER_HOST = 100;
const GAP_MS = 10;

type ApiHandle = ReturnType<typeof createApiClient>;
type TerminalHandle = ReturnType<typeof createTerminalClient>;

/** Wall time of one CLI run, spawn to exit, in ms; fails on a non-zero exit. */
function timeCli(args: string[], rdvHome: string): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, RDV_HOME: rdvHome };
  delete env.RDV_TOKEN;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(performance.now() - t0)
        : reject(new Error(`rdv ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

/** A terminal.attach subscription feeding `onOutput`; resolves once its snapshot arrived. */
async function attach(
  terminal: TerminalHandle,
  sessionId: string,
  onOutput: (data: string) => void,
): Promise<() => void> {
  let snapshot = false;
  const sub = terminal.client.terminal.attach.subscribe(
    { sessionId, cols: COLS, rows: ROWS },
    {
      onData(value: unknown) {
        const { event } = unwrapStreamEvent(value);
        // A later snapshot (a subscriber that fell behind is resynchronised) carries the screen.
        if (event.type === 'snapshot' && !snapshot) snapshot = true;
        else if ('data' in event && typeof event.data === 'string') onOutput(event.data);
      },
      onError: (error: unknown) => console.error('subscription error', error),
    },
  );
  await waitUntil(() => snapshot, 'snapshot', 30_000);
  return () => sub.unsubscribe();
}

/** The home's view of host `name`: its state in hosts.list. */
async function hostState(home: ApiHandle, name: string): Promise<string | undefined> {
  return (await home.client.hosts.list.query()).find((h) => h.name === name)?.state;
}

/** Grows the remote's sessions table to `total` rows: closed clones of `templateId`. */
function cloneSessions(machine: SshHost, templateId: string, total: number): void {
  const sqlite = new Database(join(machine.rdvHome, 'sqlite.db'), { timeout: 5_000 });
  try {
    const columns = (
      sqlite.prepare('PRAGMA table_info(sessions)').all() as Array<{ name: string }>
    ).map((c) => c.name);
    const expr: Record<string, string> = {
      id: `'fleet' || printf('%06d', n)`,
      tmuxName: `'rdv-fleet' || printf('%06d', n)`,
      name: `'fleet session ' || n`,
      status: `'closed'`,
    };
    const count = () =>
      (sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    sqlite
      .prepare(
        `WITH RECURSIVE seq(n) AS (SELECT @from UNION ALL SELECT n + 1 FROM seq WHERE n < @to)
         INSERT INTO sessions (${columns.map((c) => `"${c}"`).join(', ')})
         SELECT ${columns.map((c) => expr[c] ?? `t."${c}"`).join(', ')} FROM seq, sessions t WHERE t.id = @template`,
      )
      .run({ from: count(), to: total - 1, template: templateId });
  } finally {
    sqlite.close();
  }
}

await runBench(async () => {
  if (process.getuid?.() !== 0) throw new Error('bench/fleet.ts needs root (useradd, sshd)');
  const home = await startDaemon();
  const homeApi = createApiClient({
    socketPath: home.apiSocket,
    credentials: { kind: 'cli', token: home.cliToken() },
  });
  onCleanup(() => homeApi.close());
  const machines: SshHost[] = [];
  onCleanup(async () => {
    for (const machine of machines) await machine.cleanup();
  });
  for (const name of ['h1', 'h2']) {
    const machine = await startSshHost();
    machines.push(machine);
    const added = await homeApi.client.hosts.add.mutate({
      name,
      destination: '127.0.0.1',
      sshOptions: machine.sshOptions,
    });
    if (added.state !== 'connected') throw new Error(`${name}: ${added.state} ${added.reason}`);
  }
  const [m1, m2] = machines as [SshHost, SshHost];
  const remoteApi = (machine: SshHost): ApiHandle => {
    const handle = createApiClient({
      socketPath: join(machine.rdvHome, 'api.sock'),
      credentials: { kind: 'cli', token: machine.cliToken() },
    });
    onCleanup(() => handle.close());
    return handle;
  };
  const api1 = remoteApi(m1);
  const hostsDir = join(home.home, HOME_FILES.hostsDir);
  const tunnel = hostFiles(hostsDir, 'h1');
  const terminals = {
    ssh: createTerminalClient({
      socketPath: tunnel.terminalSocket,
      credentials: { kind: 'cli', token: readFileSync(tunnel.tokenFile, 'utf8').trim() },
      retryDelayMs: () => 60_000,
    }),
    local: createTerminalClient({
      socketPath: join(m1.rdvHome, 'terminal.sock'),
      credentials: { kind: 'cli', token: m1.cliToken() },
      retryDelayMs: () => 60_000,
    }),
  };
  onCleanup(async () => {
    await terminals.ssh.close();
    await terminals.local.close();
  });

  // The remote session, a clean bash at a 2-character prompt.
  const session = await api1.client.sessions.create.mutate(benchSession(m1.userHome));
  await api1.client.sessions.exec.mutate({ id: session.id, text: CLEAN_SHELL_CMD });
  await sleep(500);
  await api1.client.sessions.exec.mutate({ id: session.id, text: 'clear' });

  // 1. Keystroke echo, both paths attached to the same session, one key at a time.
  const probes = (['local', 'ssh'] as const).map((path) =>
    makeProbe(
      path === 'ssh' ? 'through SSH (home tunnel)' : "locally (remote's own sockets)",
      (data) => void terminals[path].client.terminal.input.mutate({ sessionId: session.id, data }),
    ),
  );
  const echoSubscriptions: Array<() => void> = [];
  for (const [i, path] of (['local', 'ssh'] as const).entries()) {
    const probe = probes[i]!;
    echoSubscriptions.push(
      await attach(terminals[path], session.id, (data) => probe.receive(data)),
    );
  }
  await sleep(500);
  await warmUp(probes);
  await typeInTurns(probes, SAMPLES, { pauseMs: () => GAP_MS + Math.random() * GAP_MS });
  console.log(`\n1. keystroke echo, ${SAMPLES} keys per path, interleaved, same remote session`);
  for (const probe of probes) {
    printRow(probe.name, summarize(probe.samples));
    if (probe.lost) console.log(`  (${probe.lost} echoes not seen within ${ECHO_TIMEOUT_MS} ms)`);
  }
  const [local, ssh] = probes.map((p) => summarize(p.samples)) as [
    ReturnType<typeof summarize>,
    ReturnType<typeof summarize>,
  ];
  console.log(
    `SSH vs local: p50 ${(ssh.p50 / local.p50).toFixed(2)}x (+${(ssh.p50 - local.p50).toFixed(2)} ms), p99 ${(ssh.p99 / local.p99).toFixed(2)}x`,
  );
  for (const probe of probes) await resetLine(probe);
  for (const stop of echoSubscriptions) stop();

  // 2. seq: each path subscribed alone while its run lasts.
  const walls: Record<'local' | 'ssh', number[]> = { local: [], ssh: [] };
  let marker = 0;
  const runSeq = async (path: 'local' | 'ssh', n: number): Promise<number> => {
    marker += 1;
    const expected = `END-${marker + 1000}`;
    let tail = '';
    let done = false;
    const stop = await attach(terminals[path], session.id, (data) => {
      tail = (tail + data).slice(-200);
      if (tail.includes(expected)) done = true;
    });
    try {
      const t0 = performance.now();
      await terminals[path].client.terminal.input.mutate({
        sessionId: session.id,
        data: `seq 1 ${n}; echo END-$((${marker}+1000))\r`,
      });
      await waitUntil(
        () => done,
        () => `${path} end marker; tail ${JSON.stringify(tail)}`,
        120_000,
        2,
      );
      return performance.now() - t0;
    } finally {
      stop();
    }
  };
  await runSeq('local', 20_000);
  await runSeq('ssh', 20_000);
  for (let rep = 0; rep < REPS; rep++) {
    for (const path of rotation(['local', 'ssh'] as const, rep)) {
      walls[path].push(await runSeq(path, SEQ_N));
      await sleep(300);
    }
  }
  console.log(
    `\n2. seq 1 ${SEQ_N}, input → end marker at the subscriber, ${REPS} interleaved reps`,
  );
  for (const path of ['local', 'ssh'] as const)
    console.log(
      `  ${(path === 'ssh' ? 'through SSH' : 'locally').padEnd(14)} ${spread(walls[path], 0)} ms`,
    );
  const ratios = walls.ssh.map((ms, i) => ms / walls.local[i]!);
  console.log(`  SSH / local wall ratio (paired, median): ${median(ratios).toFixed(2)}x`);

  // 3. session list --all-hosts with 2 hosts × 100 sessions.
  const api2 = remoteApi(m2);
  const template2 = await api2.client.sessions.create.mutate(benchSession(m2.userHome));
  cloneSessions(m1, session.id, SESSIONS_PER_HOST);
  cloneSessions(m2, template2.id, SESSIONS_PER_HOST);
  const counts = await Promise.all(
    [api1, api2].map(async (api) => (await api.client.sessions.list.query()).length),
  );
  const lists = {
    allHosts: {
      label: 'rdv session list --all-hosts (2 × 100)',
      args: ['session', 'list', '--all-hosts', '--json'],
      home: home.home,
      samples: [] as number[],
    },
    viaHost: {
      label: 'rdv --host h1 session list (100)',
      args: ['--host', 'h1', 'session', 'list', '--json'],
      home: home.home,
      samples: [] as number[],
    },
    onHost: {
      label: "rdv session list on h1's own sockets (100)",
      args: ['session', 'list', '--json'],
      home: m1.rdvHome,
      samples: [] as number[],
    },
  };
  const variants = Object.values(lists);
  for (const v of variants) await timeCli(v.args, v.home); // warm-up
  for (let run = 0; run < CLI_RUNS; run++)
    for (const v of rotation(variants, run)) v.samples.push(await timeCli(v.args, v.home));
  console.log(
    `\n3. CLI wall time, spawn to exit, ${CLI_RUNS} runs each (hosts hold ${counts.join(' and ')} sessions)`,
  );
  for (const v of variants) printRow(v.label, summarize(v.samples));

  // 4. sshd restart → connected.
  const restart = async (nudge: boolean): Promise<number> => {
    await m1.stopSshd();
    await waitFor(
      async () => (await hostState(homeApi, 'h1')) === 'unreachable',
      'h1 unreachable',
      90_000,
      50,
    );
    await sleep(1_000);
    const t0 = performance.now();
    await m1.startSshd();
    if (nudge) await homeApi.client.hosts.test.mutate({ name: 'h1' });
    await waitFor(
      async () => (await hostState(homeApi, 'h1')) === 'connected',
      'h1 connected',
      90_000,
      50,
    );
    return performance.now() - t0;
  };
  const waits: Record<'retry' | 'test', number[]> = { retry: [], test: [] };
  for (let rep = 0; rep < REPS; rep++) {
    waits.retry.push(await restart(false));
    waits.test.push(await restart(true));
  }
  console.log(
    `\n4. sshd restart → h1 connected again (sshd down ~1 s after the tunnel saw it), ${REPS} reps`,
  );
  console.log(`  tunnel's own retry (backoff 1-15 s)   ${spread(waits.retry, 0)} ms`);
  console.log(`  with hosts.test (rdv host test)        ${spread(waits.test, 0)} ms`);
});
