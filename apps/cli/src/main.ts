#!/usr/bin/env node
import pkg from '../package.json' with { type: 'json' };

// `rdv --version` answers before the command tree (commander and every command's modules, a
// separate chunk) is loaded: that load is most of the CLI's start-up.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}
const [{ createCliContext }, { run }] = await Promise.all([import('./context.ts'), import('./run.ts')]);

// `rdv session list | head -1`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await run(createCliContext(), argv);
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
