import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags of the daemon, set by the loader (src/entry.ts) before it compiles the bundle: V8 takes
 * a code cache only under the flags it was made with. And by main.ts, for runs from source.
 *
 * `--liftoff-only`: the only WebAssembly here is Prisma's query compiler. V8 recompiles hot wasm
 * with TurboFan on background threads, whose memory stays with the process: measured idle RSS
 * 104-112 MB with it, 89-90 MB without, and no measurable change in API latency (sessions.get
 * 2.2 ms either way). A flag V8 does not know is ignored with a warning.
 */
export function applyV8Flags(): void {
  setFlagsFromString('--liftoff-only');
  // Prisma's 1.8 MB module is validated function by function as each is first compiled, instead
  // of all at once on the first query: 3.5 ms instead of 9-14 ms. It is our own build's file, and
  // the functions a query runs are still validated before they run.
  setFlagsFromString('--wasm-lazy-validation');
}
