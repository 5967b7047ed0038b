// flood.ts without rdv: the same BENCH_SESSIONS sessions (default 50) on a bare tmux server with
// rdv's options, all but one running the same `yes`, each watched as a person with that many
// terminals would: one `tmux attach` in a pty per session (BENCH_BARE_CLIENT=control: a `tmux -C`
// client per session instead, as rdv's hubs are, reading every `%output`). The quiet session's
// keystroke echo is timed through its own client, first with nothing flooding, then during the
// flood, with the tmux server's CPU. What this shows is tmux's own floor under that load on this
// machine, against which flood.ts's echo target (p99 <= 50 ms) can be read.
// Run: npx tsx bench/flood-bare.ts   (BENCH_SESSIONS=50, BENCH_SAMPLES=200, BENCH_BARE_CLIENT=attach)
import { CHARS, controlProbe, keystroke, ptyProbe, typeKeys, type Probe } from './echo-probe.ts';
import { loadAverage, printRow, summarize } from './lib.ts';
import { FLOOD_COMMAND, bareTmux, cpuMs, runBench, sleep, tmuxServerPid } from './harness.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const KEY_GAP_MS = 20;
const CLIENT = process.env.BENCH_BARE_CLIENT === 'control' ? 'control' : 'attach';

await runBench(async () => {
  const bare = bareTmux();
  const names = Array.from({ length: SESSIONS }, (_, i) => `fl-${i}`);
  for (const name of names) await bare.newSession(name);
  const [quiet, ...flooders] = names;

  /** One client per session; returns a probe that types into it and sees what it shows. */
  async function client(name: string): Promise<Probe> {
    const attach = await bare.tmux.attachArgs(name);
    return CLIENT === 'attach'
      ? ptyProbe(name, attach.file, attach.args, attach.env)
      : controlProbe(name, attach, name);
  }
  const probe = await client(quiet!);
  for (const name of flooders) await client(name);
  await sleep(500);

  const serverPid = tmuxServerPid(bare.socket)!;
  async function measure(): Promise<{ echo: number[]; lost: number; tmuxCpuPct: number }> {
    const cpu0 = cpuMs(serverPid);
    const t0 = performance.now();
    await typeKeys(probe, SAMPLES, KEY_GAP_MS);
    const wall = performance.now() - t0;
    return {
      echo: probe.samples,
      lost: probe.lost,
      tmuxCpuPct: ((cpuMs(serverPid) - cpu0) / wall) * 100,
    };
  }

  for (let i = 0; i < 20; i++) await keystroke(probe, CHARS[i % 26]!);
  const idle = await measure();
  for (const name of flooders) await bare.tmux.exec(name, FLOOD_COMMAND);
  await sleep(2_000);
  const flood = await measure();
  for (const name of flooders) await bare.tmux.sendKeys(name, ['C-c']);

  console.log(
    `bare tmux: ${SESSIONS} sessions, one ${CLIENT === 'attach' ? '`tmux attach` in a pty' : '`tmux -C` client'} each, ` +
      `${flooders.length} flooding; ${SAMPLES} keys per phase; load average ${loadAverage()}`,
  );
  for (const [name, phase] of [
    ['idle', idle],
    ['flood', flood],
  ] as const) {
    printRow(`${name}: keystroke echo`, summarize(phase.echo));
    if (phase.lost) console.log(`  (${phase.lost} echoes not seen in time)`);
    console.log(`${name}: tmux server CPU ${phase.tmuxCpuPct.toFixed(0)}%`);
  }
});
