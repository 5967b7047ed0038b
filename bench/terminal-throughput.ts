// Bulk output through a session: (a) tmux, nobody attached; (b) a bare `tmux attach` in node-pty
// reading as fast as it can (the floor of any tmux-attach design); (c) rdv: a session from
// `sessions.create` with one live subscriber on a terminal channel (terminal.sock); (d) the same
// with BENCH_SUBSCRIBERS (20) subscribers, each on its own channel. Interleaved repetitions,
// same shell, size and history-limit everywhere; tmux server CPU per run from /proc. The primary
// number is the in-shell duration (date before/after the command, written to a marker file),
// which is how long the shell was held up by its consumer.
// Run: npx tsx bench/terminal-throughput.ts
//   BENCH_REPS=5, BENCH_CAT_MIB=50, BENCH_SEQ=2000000, BENCH_SUBSCRIBERS=20, BENCH_VARIANTS=abcd
//   BENCH_CPU_PROFILE=<dir> writes the daemon's V8 CPU profile (see bench/profile-summary.ts).
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createApiClient, createTerminalChannel } from '@rdv/client';
import type { Tmux } from '@rdv/terminal';
import {
  COLS,
  benchPty,
  childPids,
  childrenCpuMs,
  commOf,
  cpuMs,
  cpuUserSysMs,
  panePid,
  tmuxServerPid,
  tmuxServerPidOf,
  ROWS,
  bareTmux,
  cleanShell,
  mb,
  median,
  onCleanup,
  rotation,
  runBench,
  sleep,
  spread,
  startDaemon,
  tempDir,
  HISTORY_LIMIT,
  benchSession,
} from './harness.ts';
import { waitUntil } from '@rdv/test-support';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const CAT_MIB = Number(process.env.BENCH_CAT_MIB ?? 50);
const SEQ_N = Number(process.env.BENCH_SEQ ?? 2_000_000);
/** A client is done once it received nothing for this long. */
const QUIET_MS = 150;
const MARKER_POLL_MS = 20;

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20);
/** Which variants run (BENCH_VARIANTS=bc to profile rdv against the floor alone). */
const ONLY = process.env.BENCH_VARIANTS ?? 'abcde';

type VariantName = 'a' | 'b' | 'c' | 'd' | 'e';
const LABEL: Record<VariantName, string> = {
  a: '(a) tmux, nobody attached',
  b: '(b) tmux + bare node-pty attach',
  c: '(c) rdv daemon, 1 WS subscriber',
  d: `(d) rdv daemon, ${SUBSCRIBERS} WS subscribers`,
  e: "(e) rdv's tmux, nobody attached",
};

interface Variant {
  name: VariantName;
  tmux: Tmux;
  session: string;
  /** Bytes the client received so far (0 for a). */
  bytes(): number;
  lastByteAt(): number;
  /** CPU-time counters (ms) of the processes involved, read before and after each run. */
  cpu: Record<string, () => number>;
}

interface Sample {
  inShellMs: number;
  /** send-keys to marker seen (includes polling granularity and the send). */
  wallMs: number;
  /** send-keys to the client's last byte (it got the final screen), b and c only. */
  clientDoneMs: number;
  bytes: number;
  cpu: Record<string, number>;
}

/**
 * `count` live `terminal.attach` subscribers of one session, each on its own terminal.sock
 * connection; resolves once every one has its snapshot. The variant is done when the last
 * subscriber got its last byte.
 */
async function subscribers(
  daemon: Awaited<ReturnType<typeof startDaemon>>,
  credentials: { kind: 'cli'; token: string },
  sessionId: string,
  count: number,
): Promise<{ bytes(): number; lastByteAt(): number }> {
  let bytes = 0;
  let last = performance.now();
  let snapshots = 0;
  for (let i = 0; i < count; i++) {
    // Each subscriber a terminal channel of its own, as the dashboard and `rdv attach` open one.
    const channel = createTerminalChannel({ socketPath: daemon.terminalSocket, credentials, retryDelayMs: () => 60_000 });
    channel.attach(
      { sessionId, cols: COLS, rows: ROWS },
      {
        onData({ event }) {
          if (event.type === 'snapshot') snapshots++;
          if ('data' in event && typeof event.data === 'string') bytes += event.data.length;
          last = performance.now();
        },
        onError: (error) => console.error('channel error', error),
      },
    );
    onCleanup(() => channel.close());
  }
  await waitUntil(() => snapshots >= count, 'snapshots', 30_000);
  // Bytes are counted once per subscriber; report one subscriber's share.
  return { bytes: () => bytes / count, lastByteAt: () => last };
}

/** ~`ls -lR`-like text, numbered so nothing repeats. */
function writeTextFile(path: string, mib: number): void {
  const fd = openSync(path, 'w');
  const target = mib * 1024 * 1024;
  let written = 0;
  let i = 0;
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  while (written < target) {
    const lines: string[] = [];
    for (let k = 0; k < 2000; k++, i++) {
      if (i % 40 === 0)
        lines.push('', `/usr/share/bench/dir-${i / 40}:`, `total ${(i * 7) % 9000}`);
      const size = String((i * 2654435761) % 1_000_000).padStart(8);
      lines.push(
        `-rw-r--r-- 1 root root ${size} ${months[i % 12]} ${String((i % 28) + 1).padStart(2)} 12:${String(i % 60).padStart(2, '0')} file-${i}.${['txt', 'js', 'h', 'so.1'][i % 4]}`,
      );
    }
    const chunk = Buffer.from(lines.join('\n') + '\n');
    const slice = chunk.subarray(0, Math.min(chunk.length, target - written));
    writeSync(fd, slice);
    written += slice.length;
  }
  writeSync(fd, '\n');
  closeSync(fd);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

async function runOnce(v: Variant, command: string, markerFile: string): Promise<Sample> {
  rmSync(markerFile, { force: true });
  const bytes0 = v.bytes();
  const cpu0 = Object.fromEntries(Object.entries(v.cpu).map(([k, f]) => [k, f()]));
  const t0 = performance.now();
  await v.tmux.exec(
    v.session,
    `s=$(date +%s%N); ${command}; e=$(date +%s%N); echo BENCH-$((e-s)) > ${markerFile}`,
  );
  let inShellNs = 0;
  await waitUntil(
    () => {
      try {
        const m = /BENCH-(\d+)\n/.exec(readFileSync(markerFile, 'utf8'));
        if (m) inShellNs = Number(m[1]);
        return m !== null;
      } catch {
        return false;
      }
    },
    `marker of ${v.name}`,
    120_000,
    MARKER_POLL_MS,
  );
  const wallMs = performance.now() - t0;
  // Let the client drain (tmux's last redraw, the daemon's queues), so it cannot spill into the
  // next variant's run.
  if (v.name !== 'a') {
    await waitUntil(
      () => performance.now() - v.lastByteAt() > QUIET_MS,
      `${v.name} quiet`,
      30_000,
      10,
    );
  }
  const cpu = Object.fromEntries(Object.entries(v.cpu).map(([k, f]) => [k, f() - cpu0[k]!]));
  return {
    cpu,
    inShellMs: inShellNs / 1e6,
    wallMs,
    clientDoneMs: v.name === 'a' ? Number.NaN : v.lastByteAt() - t0,
    bytes: v.bytes() - bytes0,
  };
}

await runBench(async () => {
  const work = tempDir('rdv-tp-');
  const textFile = join(work, 'text.txt');
  writeTextFile(textFile, CAT_MIB);
  const markerFile = join(work, 'marker');

  // (a) and (b): one bare tmux server with rdv's options.
  const bare = bareTmux();
  await bare.newSession('bench-a');
  await bare.newSession('bench-b');
  const bareServer = tmuxServerPid(bare.socket)!;
  const selfCpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const shellCpu = async (t: Tmux, name: string) => {
    const pid = await panePid(t, name);
    return () => childrenCpuMs(pid);
  };
  const a: Variant = {
    name: 'a',
    tmux: bare.tmux,
    session: 'bench-a',
    bytes: () => 0,
    lastByteAt: () => 0,
    cpu: { command: await shellCpu(bare.tmux, 'bench-a'), 'tmux server': () => cpuMs(bareServer) },
  };

  const { file, args, env } = await bare.tmux.attachArgs('bench-b');
  const pty = benchPty(file, args, env);
  let ptyBytes = 0;
  let ptyLast = performance.now();
  pty.onData((data) => {
    ptyBytes += data.length;
    ptyLast = performance.now();
  });
  const b: Variant = {
    name: 'b',
    tmux: bare.tmux,
    session: 'bench-b',
    bytes: () => ptyBytes,
    lastByteAt: () => ptyLast,
    cpu: {
      command: await shellCpu(bare.tmux, 'bench-b'),
      'tmux server': () => cpuMs(bareServer),
      'tmux client': () => cpuMs(pty.pid),
      'bench reader': selfCpu,
    },
  };

  // (c) and (d): the daemon, one session with 1 subscriber and one with SUBSCRIBERS, each
  // subscriber on its own terminal.sock connection (a viewer per tab).
  const daemon = await startDaemon();
  const credentials = { kind: 'cli' as const, token: daemon.cliToken() };
  const api = createApiClient({ socketPath: daemon.apiSocket, credentials });
  onCleanup(() => api.close());
  // The daemon's tmux server starts with its first session.
  let daemonServer = 0;
  const hubClients = new Set<number>();
  // (e): the daemon's server with no hub on the session: what rdv's options and its monitoring
  // cost tmux, apart from the hub.
  const daemonVariant = async (name: 'c' | 'd' | 'e', count: number): Promise<Variant> => {
    const session = await api.client.sessions.create.mutate(benchSession(work));
    await cleanShell(daemon.tmux, session.tmuxName);
    daemonServer = tmuxServerPidOf(daemon.home, session.tmuxName)!;
    const readers =
      count === 0
        ? { bytes: () => 0, lastByteAt: () => 0 }
        : await subscribers(daemon, credentials, session.id, count);
    // The hub's control client (`tmux -C attach-session`), new since the last variant.
    const hubClient = childPids(daemon.pid).find(
      (pid) =>
        !hubClients.has(pid) &&
        commOf(pid).startsWith('tmux') &&
        /attach-session/.test(cmdline(pid)),
    );
    if (hubClient) hubClients.add(hubClient);
    return {
      name,
      tmux: daemon.tmux,
      session: session.tmuxName,
      ...readers,
      cpu: {
        command: await shellCpu(daemon.tmux, session.tmuxName),
        'tmux server': () => cpuMs(daemonServer),
        'tmux client': () => (hubClient ? cpuMs(hubClient) : Number.NaN),
        'daemon user': () => cpuUserSysMs(daemon.pid).user,
        'daemon sys': () => cpuUserSysMs(daemon.pid).sys,
        'bench reader': selfCpu,
      },
    };
  };
  const c = await daemonVariant('c', 1);
  const d = await daemonVariant('d', SUBSCRIBERS);
  const e = await daemonVariant('e', 0);

  const workloads = [
    { name: `seq 1 ${SEQ_N}`, command: `seq 1 ${SEQ_N}`, payload: 0 },
    { name: `cat ${CAT_MIB} MiB`, command: `cat ${textFile}`, payload: CAT_MIB * 1024 * 1024 },
  ];
  const variants = [a, b, c, d, e].filter((v) => ONLY.includes(v.name));
  const results = new Map<string, Sample[]>();

  // Warm-up: fills every history to its limit, so all reps run at steady state.
  for (const v of variants) await runOnce(v, `seq 1 20000`, markerFile);

  const loadBefore = loadavg();
  const started = performance.now();
  for (let rep = 0; rep < REPS; rep++) {
    for (const w of rotation(workloads, rep)) {
      for (const v of rotation(variants, rep)) {
        const sample = await runOnce(v, w.command, markerFile);
        const key = `${w.name}|${v.name}`;
        results.set(key, [...(results.get(key) ?? []), sample]);
        await sleep(100);
      }
    }
  }
  const wallSeconds = (performance.now() - started) / 1000;

  const seqBytes = Number(
    (await import('node:child_process'))
      .execFileSync('sh', ['-c', `seq 1 ${SEQ_N} | wc -c`], { encoding: 'utf8' })
      .trim(),
  );
  console.log(
    `load average before: ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${REPS} interleaved reps per cell, ${COLS}x${ROWS}, history-limit ${HISTORY_LIMIT} on both servers, clean bash; ms: median [min..max] ±half-range`,
  );
  for (const w of workloads) {
    const payload = w.payload || seqBytes;
    console.log(`\n${w.name} (${mb(payload)} MiB)`);
    const med: Record<string, number> = {};
    for (const v of variants) {
      const samples = results.get(`${w.name}|${v.name}`)!;
      const inShell = samples.map((s) => s.inShellMs);
      med[v.name] = median(inShell);
      const rate = payload / 1024 / 1024 / (med[v.name]! / 1000);
      let extra = '';
      if (v.name !== 'a' && v.name !== 'e') {
        extra = `  client-done ${median(samples.map((s) => s.clientDoneMs)).toFixed(0)}ms, received ${mb(median(samples.map((s) => s.bytes)))} MiB`;
      }
      console.log(
        `  ${LABEL[v.name].padEnd(34)} in-shell ${spread(inShell, 0).padEnd(26)} ${rate.toFixed(1).padStart(5)} MiB/s${extra}`,
      );
      const cpu = Object.keys(v.cpu)
        .map((k) => `${k} ${median(samples.map((s) => s.cpu[k]!)).toFixed(0)}`)
        .join(', ');
      console.log(`      CPU ms per run (median): ${cpu}`);
    }
    // Ratios to the floor (b) per repetition (they ran back to back), then the median.
    const flag = (x: number, t: number) => (x <= t ? 'ok' : 'MISSED');
    const paired = (v: VariantName, f: (s: Sample) => number) =>
      median(
        results.get(`${w.name}|${v}`)!.map((s, i) => f(s) / f(results.get(`${w.name}|b`)![i]!)),
      );
    if (!results.has(`${w.name}|b`)) continue;
    for (const [v, target] of [
      ['a', Number.NaN],
      ['e', Number.NaN],
      ['c', 1.1],
      ['d', 1.25],
    ] as const) {
      if (!results.has(`${w.name}|${v}`)) continue;
      const time = paired(v, (s) => s.inShellMs);
      const tmuxCpu = paired(v, (s) => s.cpu['tmux server']!);
      const goal = Number.isNaN(target)
        ? ''
        : ` (target <= ${target}: ${flag(time, target)}; tmux CPU target <= 1.10: ${flag(tmuxCpu, 1.1)})`;
      console.log(
        `  ${v}/b: time ${time.toFixed(2)}x, tmux server CPU ${tmuxCpu.toFixed(2)}x${goal}`,
      );
    }
  }
  console.log(`\nmeasurement phase ${wallSeconds.toFixed(1)} s`);
});
