// Bench-only preload for the daemon (`node --import bench/idle-probe.mjs`): counts the child
// processes the daemon spawns and records event-loop delay (perf_hooks.monitorEventLoopDelay,
// 1 ms resolution). SIGUSR2 writes both to $RDV_BENCH_PROBEFILE as JSON and starts a new window,
// so the bench reads "what happened since the last reading". The histogram's 1 ms timer costs
// CPU of its own: while a file `$RDV_BENCH_PROBEFILE.quiet` exists, the next window runs without
// it (for CPU readings).
import { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
let spawns = 0;
const spawned = new Map();
const original = ChildProcess.prototype.spawn;
ChildProcess.prototype.spawn = function spawn(options) {
  spawns += 1;
  const file = String(options?.file ?? '?');
  const command = `${file.split('/').pop()} ${(options?.args ?? []).slice(1).filter((a) => !a.startsWith('/')).slice(0, 3).join(' ')}`;
  spawned.set(command, (spawned.get(command) ?? 0) + 1);
  return original.call(this, options);
};

process.on('SIGUSR2', () => {
  const ms = (ns) => ns / 1e6;
  globalThis.gc?.(); // with --expose-gc: live memory, not GC timing
  const file = process.env.RDV_BENCH_PROBEFILE;
  if (file) {
    writeFileSync(
      file,
      JSON.stringify({
        spawns,
        spawned: Object.fromEntries(spawned),
        loop: {
          p50: ms(histogram.percentile(50)),
          p99: ms(histogram.percentile(99)),
          max: ms(histogram.max),
          p999: ms(histogram.percentile(99.9)),
          samples: histogram.count,
        },
        memory: process.memoryUsage(),
      }),
    );
  }
  spawns = 0;
  spawned.clear();
  histogram.reset();
  if (file && existsSync(`${file}.quiet`)) histogram.disable();
  else histogram.enable();
});
