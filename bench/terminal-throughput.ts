// Bulk output through a session: (a) tmux, nobody attached; (b) a bare `tmux attach` in node-pty
// reading as fast as it can; (c) rdv: a session from `sessions.create` with one live
// `terminal.attach` subscriber over terminal.sock. Interleaved repetitions, same shell, size and
// history-limit everywhere. The primary number is the in-shell duration (date before/after the
// command, written to a marker file), which is how long the shell was held up by its consumer.
// Run: npx tsx bench/terminal-throughput.ts   (BENCH_REPS=5, BENCH_CAT_MIB=50, BENCH_SEQ=2000000)
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnPty } from 'node-pty';
import { createApiClient, createTerminalClient } from '@rdv/client';
import type { Tmux } from '@rdv/terminal';
import {
  COLS,
  childPids,
  childrenCpuMs,
  commOf,
  cpuMs,
  cpuUserSysMs,
  panePid,
  tmuxServerPid,
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
  CLEAN_SHELL_ENV,
} from './harness.ts';
import { waitUntil } from '@rdv/test-support';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const CAT_MIB = Number(process.env.BENCH_CAT_MIB ?? 50);
const SEQ_N = Number(process.env.BENCH_SEQ ?? 2_000_000);
/** A client is done once it received nothing for this long. */
const QUIET_MS = 150;
const MARKER_POLL_MS = 20;

type VariantName = 'a' | 'b' | 'c';
const LABEL: Record<VariantName, string> = {
  a: '(a) tmux, nobody attached',
  b: '(b) tmux + bare node-pty attach',
  c: '(c) rdv daemon, 1 WS subscriber',
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

  const { file, args, env } = bare.tmux.attachArgs('bench-b');
  const pty = spawnPty(file, args, {
    name: 'xterm-256color',
    cols: COLS,
    rows: ROWS,
    cwd: '/',
    env: { ...env, TERM: 'xterm-256color' },
  });
  onCleanup(
    () => pty.kill(),
    () => {
      try {
        pty.kill();
      } catch {
        // gone
      }
    },
  );
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

  // (c): the daemon.
  const daemon = await startDaemon();
  const credentials = { kind: 'cli' as const, token: daemon.cliToken() };
  const api = createApiClient({ socketPath: daemon.apiSocket, credentials });
  const ws = createTerminalClient({
    socketPath: daemon.terminalSocket,
    credentials,
    retryDelayMs: () => 60_000,
  });
  onCleanup(async () => {
    await ws.close();
    await api.close();
  });
  const session = await api.client.sessions.create.mutate({
    cwd: work,
    cols: COLS,
    rows: ROWS,
    env: CLEAN_SHELL_ENV,
  });
  await cleanShell(daemon.tmux, session.tmuxName);
  let wsBytes = 0;
  let wsLast = performance.now();
  let wsEvents = 0;
  let snapshots = 0;
  const sub = ws.client.terminal.attach.subscribe(
    { sessionId: session.id, cols: COLS, rows: ROWS },
    {
      onData(value: unknown) {
        const v = value as { data?: { type: string; data?: string } };
        const event = (
          v && typeof v === 'object' && 'data' in v && typeof v.data === 'object' ? v.data : v
        ) as {
          type: string;
          data?: string;
        };
        wsEvents++;
        if (event.type === 'snapshot') snapshots++;
        if (event.data) wsBytes += event.data.length;
        wsLast = performance.now();
      },
      onError: (error: unknown) => console.error('subscription error', error),
    },
  );
  onCleanup(() => sub.unsubscribe());
  await waitUntil(() => snapshots > 0, 'snapshot');
  const daemonServer = tmuxServerPid(daemon.tmuxSocket)!;
  const hubClient = childPids(daemon.pid).find(
    (pid) => commOf(pid).startsWith('tmux') && /attach-session/.test(cmdline(pid)),
  );
  const c: Variant = {
    name: 'c',
    tmux: daemon.tmux,
    session: session.tmuxName,
    bytes: () => wsBytes,
    lastByteAt: () => wsLast,
    cpu: {
      command: await shellCpu(daemon.tmux, session.tmuxName),
      'tmux server': () => cpuMs(daemonServer),
      'tmux client': () => (hubClient ? cpuMs(hubClient) : Number.NaN),
      'daemon user': () => cpuUserSysMs(daemon.pid).user,
      'daemon sys': () => cpuUserSysMs(daemon.pid).sys,
      'bench reader': selfCpu,
    },
  };

  const workloads = [
    { name: `seq 1 ${SEQ_N}`, command: `seq 1 ${SEQ_N}`, payload: 0 },
    { name: `cat ${CAT_MIB} MiB`, command: `cat ${textFile}`, payload: CAT_MIB * 1024 * 1024 },
  ];
  const variants = [a, b, c];
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
    `${REPS} interleaved reps per cell, ${COLS}x${ROWS}, history-limit 10000, clean bash; ms: median [min..max] ±half-range`,
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
      if (v.name !== 'a') {
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
    // Paired ratios per repetition (c and a/b ran back to back), then the median.
    const ca = results
      .get(`${w.name}|c`)!
      .map((s, i) => s.inShellMs / results.get(`${w.name}|a`)![i]!.inShellMs);
    const cb = results
      .get(`${w.name}|c`)!
      .map((s, i) => s.inShellMs / results.get(`${w.name}|b`)![i]!.inShellMs);
    const flag = (x: number, t: number) => (x <= t ? 'ok' : 'MISSED');
    console.log(
      `  ratio c/a = ${(med.c! / med.a!).toFixed(3)} (paired median ${median(ca).toFixed(3)}; target <= 1.15: ${flag(med.c! / med.a!, 1.15)})`,
    );
    console.log(
      `  ratio c/b = ${(med.c! / med.b!).toFixed(3)} (paired median ${median(cb).toFixed(3)}; target <= 1.05: ${flag(med.c! / med.b!, 1.05)})`,
    );
  }
  console.log(
    `\nrdv subscriber: ${wsEvents} events in total; measurement phase ${wallSeconds.toFixed(1)} s`,
  );
});
