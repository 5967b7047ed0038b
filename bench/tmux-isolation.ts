// What one tmux server can do under a flood, with no rdv at all (issue 14's echo-under-flood
// target): a raw control-mode client (`tmux -C`, as rdv's hub) types on a quiet session and
// times each echo, while BENCH_FLOODS sessions (default 49) run `yes` with nobody attached,
//   same server   the floods in the quiet session's tmux server (rdv's layout today)
//   other server  the floods in a second tmux server
//   no flood      nothing else running (the floor)
// Interleaved phases, rdv's tmux options (history-limit 10,000) on both servers.
// Run: npx tsx bench/tmux-isolation.ts   (BENCH_FLOODS=49, BENCH_SAMPLES=150)
import { spawn } from 'node:child_process';
import { CHARS, LINE_RESET, asControlClient } from './echo-probe.ts';
import { loadAverage, printRow, summarize } from './lib.ts';
import { FLOOD_COMMAND, bareTmux, cpuMs, onCleanup, runBench, sleep, tmuxServerPid, type BareTmux } from './harness.ts';

const FLOODS = Number(process.env.BENCH_FLOODS ?? 49);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 150);
const KEY_GAP_MS = 20;

/** A control-mode client on `server`'s session `name`: types one key and waits for its echo. */
async function controlTyper(server: BareTmux, name: string) {
  const { file, args, env } = asControlClient(await server.tmux.attachArgs(name));
  const client = spawn(file, args, {
    env,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  onCleanup(() => void client.kill());
  let seen = '';
  let want: { text: string; done: () => void } | null = null;
  client.stdout.on('data', (chunk: Buffer) => {
    seen += chunk.toString('latin1');
    if (want && seen.includes(want.text)) {
      const w = want;
      want = null;
      w.done();
    }
    if (seen.length > 4096) seen = seen.slice(-256);
  });
  let typed = 0;
  return {
    async key(ch: string): Promise<number> {
      if (typed++ % LINE_RESET === LINE_RESET - 1) {
        client.stdin.write(`send-keys -t =${name}: C-u\n`);
        await sleep(50);
      }
      seen = '';
      const t0 = performance.now();
      await new Promise<void>((done) => {
        want = { text: ` ${ch}`, done };
        client.stdin.write(`send-keys -t =${name}: -H ${Buffer.from(ch).toString('hex')}\n`);
      });
      return performance.now() - t0;
    },
  };
}

await runBench(async () => {
  const home = bareTmux();
  const other = bareTmux();
  await home.newSession('quiet');
  const typer = await controlTyper(home, 'quiet');
  await sleep(500);

  async function phase(label: string, where: BareTmux | null): Promise<void> {
    const names: string[] = [];
    if (where) {
      for (let i = 0; i < FLOODS; i++) {
        const name = `flood-${label.replace(/\W/g, '')}-${i}`;
        await where.tmux.newSession({ name, cwd: where.dir, cols: 120, rows: 40, shell: '/bin/sh', historyLimit: 10_000 });
        await where.tmux.exec(name, FLOOD_COMMAND);
        names.push(name);
      }
      await sleep(2_000);
    }
    const pids = [tmuxServerPid(home.socket), tmuxServerPid(other.socket)];
    const cpu0 = pids.map((pid) => (pid ? cpuMs(pid) : 0));
    const t0 = performance.now();
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      samples.push(await typer.key(CHARS[i % 26]!));
      await sleep(KEY_GAP_MS);
    }
    const wall = performance.now() - t0;
    const cpu = pids.map((pid, i) => (pid ? ((cpuMs(pid) - cpu0[i]!) / wall) * 100 : 0));
    printRow(`${label}: echo on the quiet session`, summarize(samples));
    console.log(`  tmux CPU: quiet session's server ${cpu[0]!.toFixed(0)}%, other server ${cpu[1]!.toFixed(0)}%`);
    for (const name of names) await where!.tmux.killSession(name).catch(() => undefined);
    await sleep(500);
  }

  console.log(`${FLOODS} flooding sessions, ${SAMPLES} keys per phase, raw tmux -C client, no rdv; load ${loadAverage()}`);
  await phase('no flood', null);
  await phase('floods in the same server', home);
  await phase('floods in another server', other);
});
