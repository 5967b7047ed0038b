// The CLI's program as one function, the entry of its bundle (dist/cli.cjs, which the loader in
// src/entry.ts runs with a code cache) and of runs from source (src/main.ts).
import { createCliContext } from './context.ts';
import { run } from './run.ts';

/** Runs `rdv <argv>` on the process's own streams; resolves with the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  // `rdv session list | head -1`: a closed pipe is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return run(createCliContext(), argv);
}
