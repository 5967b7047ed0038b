// How the CLI process begins and ends, shared by the bundle's loader (src/entry.ts) and runs from
// source (src/main.ts).

/**
 * `rdv --version` alone: answered before the command tree (commander and every command's
 * modules) is loaded, since that load is most of the CLI's start-up.
 */
export function isVersionOnly(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');
}

/**
 * Exits with `code` once stdout and stderr have handed everything to the OS (a pipe or socket
 * is non-blocking, and exiting earlier cut `rdv ... | cat` at 64-128 KiB), rather than waiting
 * for idle keep-alive sockets. `beforeExit` runs after the flush, when the output is complete.
 */
export async function exitWhenFlushed(code: number, beforeExit?: () => void): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  beforeExit?.();
  process.exit(code);
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write('', () => resolve());
  });
}
