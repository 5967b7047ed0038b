// Bench-only preload for the daemon (`node --expose-gc --import bench/gc-on-signal.mjs`):
// SIGUSR2 runs a full GC, then writes process.memoryUsage() as JSON to $RDV_BENCH_MEMFILE, so
// the bench sees live memory rather than GC timing.
import { writeFileSync } from 'node:fs';

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const file = process.env.RDV_BENCH_MEMFILE;
  if (file) writeFileSync(file, JSON.stringify(process.memoryUsage()));
});
