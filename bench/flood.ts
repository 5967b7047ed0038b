// Responsiveness under flood (issue 14): BENCH_SESSIONS sessions (default 50), each with two live
// subscribers; all but one run `yes`, while the quiet one measures keystroke echo (one key at a
// time, through `terminal.input` and back through its subscription) and a second client asks the
// API (`sessions.list` and `health` over api.sock). The same measurements run first with nothing
// flooding, on the same daemon, so the two columns differ only by the flood.
// Targets: API p99 <= 100 ms and echo p99 <= 50 ms while the others flood. flood-bare.ts runs
// the same flood on a bare tmux server, without rdv.
// Transports: BENCH_TRANSPORT=channel (default; what the dashboard and `rdv attach` use: one
// terminal channel per terminal) or trpc (every subscription of a tab on one shared tRPC socket).
// Run: npx tsx bench/flood.ts   (BENCH_SESSIONS=50, BENCH_SAMPLES=200, BENCH_TRANSPORT=channel,
// BENCH_TMUX_SERVERS=<the daemon's [tmux] servers>)
import { createApiClient, createTerminalChannel, createTerminalClient } from '@rdv/client';
import { unwrapStreamEvent, type TerminalStreamEvent } from '@rdv/contract';
import { waitUntil } from '@rdv/test-support';
import { CHARS, keystroke, makeProbe, typeKeys, type Probe } from './echo-probe.ts';
import { loadAverage, printRow, summarize } from './lib.ts';
import {
  COLS,
  FLOOD_COMMAND,
  ROWS,
  cleanShell,
  cpuMs,
  onCleanup,
  runBench,
  sleep,
  startDaemon,
  tempDir,
  tmuxServerPids,
  benchSession,
} from './harness.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const KEY_GAP_MS = 20;
const API_GAP_MS = 50;
const TRANSPORT = process.env.BENCH_TRANSPORT === 'trpc' ? 'trpc' : 'channel';

interface Phase {
  echo: number[];
  lost: number;
  list: number[];
  health: number[];
  daemonCpuPct: number;
  tmuxCpuPct: number;
  /** This process: the subscribers' side. */
  clientCpuPct: number;
  /** Output bytes the subscribers received, per second. */
  deliveredPerSec: number;
}

await runBench(async () => {
  const work = tempDir('rdv-fl-');
  // BENCH_TMUX_SERVERS: the daemon's `[tmux] servers` (its default when unset).
  const servers = process.env.BENCH_TMUX_SERVERS;
  const daemon = await startDaemon(
    {},
    [],
    servers ? `[tmux]\nservers = ${Number(servers)}\n` : undefined,
  );
  const credentials = { kind: 'cli' as const, token: daemon.cliToken() };
  const api = createApiClient({ socketPath: daemon.apiSocket, credentials });
  // Two WebSocket clients, as two browser tabs: each holds one subscription per session.
  const tabs = [1, 2].map(() =>
    createTerminalClient({
      socketPath: daemon.terminalSocket,
      credentials,
      retryDelayMs: () => 60_000,
    }),
  );
  onCleanup(async () => {
    for (const tab of tabs) await tab.close();
    await api.close();
  });

  const createdAt = performance.now();
  const sessions: Array<{ id: string; tmuxName: string }> = [];
  for (let i = 0; i < SESSIONS; i++) {
    sessions.push(await api.client.sessions.create.mutate(benchSession(work)));
  }
  const createSeconds = (performance.now() - createdAt) / 1000;
  const [quiet, ...flooders] = sessions;
  await cleanShell(daemon.tmux, quiet!.tmuxName);

  let delivered = 0;
  let quietChannel: ReturnType<typeof createTerminalChannel> | undefined;
  const probe: Probe = makeProbe('echo on the quiet session', (data) => {
    if (quietChannel) void quietChannel.input({ data });
    else void tabs[0]!.client.terminal.input.mutate({ sessionId: quiet!.id, data });
  });
  let live = 0;
  for (const session of sessions) {
    for (const [t, tab] of tabs.entries()) {
      let counted = false;
      const onEvent = (event: TerminalStreamEvent) => {
        if (!counted && (event.type === 'snapshot' || event.type === 'resume')) {
          counted = true;
          live += 1;
        }
        if (event.type !== 'output') return;
        delivered += event.data.length;
        if (session === quiet && t === 0) probe.receive(event.data);
      };
      const input = { sessionId: session.id, cols: COLS, rows: ROWS };
      if (TRANSPORT === 'channel') {
        const channel = createTerminalChannel({ socketPath: daemon.terminalSocket, credentials });
        if (session === quiet && t === 0) quietChannel = channel;
        channel.attach(input, { onData: ({ event }) => onEvent(event) });
        onCleanup(() => channel.close());
      } else {
        const sub = tab.client.terminal.attach.subscribe(input, {
          onData: (value: unknown) => onEvent(unwrapStreamEvent(value).event),
        });
        onCleanup(() => sub.unsubscribe());
      }
    }
  }
  await waitUntil(() => live === sessions.length * tabs.length, 'every subscription live', 60_000);

  // Every tmux server of the daemon (it spreads sessions over several).
  const tmuxPids = tmuxServerPids(daemon.home);
  const tmuxCpuMs = () => tmuxPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  async function measure(): Promise<Phase> {
    const phase: Phase = {
      echo: [],
      lost: 0,
      list: [],
      health: [],
      daemonCpuPct: 0,
      tmuxCpuPct: 0,
      clientCpuPct: 0,
      deliveredPerSec: 0,
    };
    let typing = true;
    const asking = (async () => {
      while (typing) {
        let t0 = performance.now();
        await api.client.sessions.list.query({});
        phase.list.push(performance.now() - t0);
        t0 = performance.now();
        await api.client.health.query();
        phase.health.push(performance.now() - t0);
        await sleep(API_GAP_MS);
      }
    })();
    const cpu0 = cpuMs(daemon.pid);
    const tmuxCpu0 = tmuxCpuMs();
    const bytes0 = delivered;
    const clientCpu0 = process.cpuUsage();
    const t0 = performance.now();
    await typeKeys(probe, SAMPLES, KEY_GAP_MS);
    typing = false;
    await asking;
    const wall = performance.now() - t0;
    phase.echo = probe.samples;
    phase.lost = probe.lost;
    phase.daemonCpuPct = ((cpuMs(daemon.pid) - cpu0) / wall) * 100;
    phase.tmuxCpuPct = ((tmuxCpuMs() - tmuxCpu0) / wall) * 100;
    phase.deliveredPerSec = ((delivered - bytes0) / wall) * 1000;
    const clientCpu = process.cpuUsage(clientCpu0);
    phase.clientCpuPct = ((clientCpu.user + clientCpu.system) / 1000 / wall) * 100;
    return phase;
  }

  // Warm-up, not counted.
  for (let i = 0; i < 20; i++) await keystroke(probe, CHARS[i % 26]!);
  const idle = await measure();
  for (const session of flooders) await daemon.tmux.exec(session.tmuxName, FLOOD_COMMAND);
  await sleep(2_000); // every flood running
  const flood = await measure();
  for (const session of flooders) await daemon.tmux.sendKeys(session.tmuxName, ['C-c']);

  console.log(
    `${SESSIONS} sessions (created in ${createSeconds.toFixed(1)} s, ${(SESSIONS / createSeconds).toFixed(1)}/s), ` +
      `${tabs.length} subscribers each (${TRANSPORT === 'channel' ? 'a terminal channel each' : 'one tRPC socket per tab'}), ${flooders.length} flooding; ${SAMPLES} keys per phase; ` +
      `load average ${loadAverage()}`,
  );
  for (const [name, phase] of [
    ['idle', idle],
    ['flood', flood],
  ] as const) {
    printRow(`${name}: keystroke echo`, summarize(phase.echo));
    if (phase.lost) console.log(`  (${phase.lost} echoes not seen in time)`);
    printRow(`${name}: sessions.list`, summarize(phase.list));
    printRow(`${name}: health`, summarize(phase.health));
    console.log(
      `${name}: daemon CPU ${phase.daemonCpuPct.toFixed(0)}%, tmux servers CPU ${phase.tmuxCpuPct.toFixed(0)}% (${tmuxPids.length}), ` +
        `subscribers' process CPU ${phase.clientCpuPct.toFixed(0)}%, ` +
        `subscribers received ${(phase.deliveredPerSec / 1e6).toFixed(1)} MB/s`,
    );
  }
  const flag = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const api99 = Math.max(summarize(flood.list).p99, summarize(flood.health).p99);
  const echo99 = summarize(flood.echo).p99;
  console.log(
    `targets under flood: API p99 <= 100 ms: ${flag(api99 <= 100)} (${api99.toFixed(1)}), ` +
      `echo p99 <= 50 ms: ${flag(echo99 <= 50)} (${echo99.toFixed(1)})`,
  );
});
