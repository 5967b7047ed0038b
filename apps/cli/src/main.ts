#!/usr/bin/env node
import { createCliContext } from './context.ts';
import { run } from './run.ts';

// `rdv session list | head -1`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await run(createCliContext(), process.argv.slice(2));
// Exit now rather than wait for idle keep-alive sockets, but only once stdout and stderr have
// handed everything to the OS: a pipe or socket is non-blocking, and exiting earlier cut
// `rdv ... | cat` at 64-128 KiB.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write('', () => resolve());
  });
}
