// Before/after for the keystroke path: the terminal channel's echo on two daemon builds side by
// side (this one and BENCH_BEFORE=<another build's main.js>), with `tmux attach` in the same
// run; one key at a time, the three in turns. Build the old one first, e.g.
//   git stash && npm run -w @rdv/daemon build && cp -r apps/daemon/dist /tmp/daemon-before && git stash pop
// Run: BENCH_BEFORE=/tmp/daemon-before/main.js npx tsx bench/keystroke-ab.ts   (BENCH_SAMPLES=800, BENCH_GAP_MS=2)
import { createApiClient, createTerminalChannel } from '@rdv/client';
import { waitUntil } from '@rdv/test-support';
import { makeProbe, ptyProbe, typeInTurns, warmUp, type Probe } from './echo-probe.ts';
import { printRow, summarize } from './lib.ts';
import { COLS, ROWS, bareTmux, benchSession, cleanShell, onCleanup, runBench, sleep, startDaemon, tempDir } from './harness.ts';
const GAP = Number(process.env.BENCH_GAP_MS ?? 2);
const N = Number(process.env.BENCH_SAMPLES ?? 800);
const BEFORE = process.env.BENCH_BEFORE;
async function channelProbe(name: string, entry?: string): Promise<Probe> {
  const daemon = await startDaemon({}, [], undefined, entry);
  const credentials = { kind: 'cli' as const, token: daemon.cliToken() };
  const api = createApiClient({ socketPath: daemon.apiSocket, credentials });
  onCleanup(() => api.close());
  const s = await api.client.sessions.create.mutate(benchSession(tempDir('rdv-ab-')));
  await cleanShell(daemon.tmux, s.tmuxName);
  const channel = createTerminalChannel({ socketPath: daemon.terminalSocket, credentials });
  onCleanup(() => channel.close());
  const probe = makeProbe(name, (data) => void channel.input({ data }));
  let live = false;
  channel.attach({ sessionId: s.id, cols: COLS, rows: ROWS }, {
    onData: ({ event }) => { if (event.type === 'snapshot') live = true; else if (event.type === 'output') probe.receive(event.data); },
  });
  await waitUntil(() => live, 'live');
  return probe;
}
await runBench(async () => {
  if (!BEFORE) throw new Error('set BENCH_BEFORE to the main.js of the build to compare with');
  const before = await channelProbe('channel, before', BEFORE);
  const after = await channelProbe('channel, after');
  const bare = bareTmux();
  await bare.newSession('ks-tmux');
  const { file, args, env } = await bare.tmux.attachArgs('ks-tmux');
  const tprobe = ptyProbe('tmux attach', file, args, env);
  await sleep(300);
  const probes = [before, after, tprobe];
  await warmUp(probes);
  await typeInTurns(probes, N, { pauseMs: () => GAP });
  for (const p of probes) printRow(p.name, summarize(p.samples));
});
