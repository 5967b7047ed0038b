import pino, { type Logger } from 'pino';

/**
 * Header and field names that could carry a secret. Pino replaces them wherever they appear,
 * a second line of defence behind never logging tokens in the first place.
 */
const REDACT_PATHS = [
  'token',
  '*.token',
  'serviceToken',
  'headers.authorization',
  'headers["x-rdv-service-token"]',
  'req.headers.authorization',
  'req.headers["x-rdv-service-token"]',
  'req.headers.cookie',
];

/** Log bytes held in memory while the file cannot be written (a full disk); beyond, lines are dropped. */
export const MAX_LOG_BUFFER_BYTES = 8 * 1024 * 1024;

export type DaemonLogger = Logger;

/**
 * Structured JSON lines to server.log (pino), asynchronous so logging never blocks a request.
 * A log that cannot be written (full disk, ENOSPC) must never stop the daemon: write errors are
 * reported once on stderr, at most MAX_LOG_BUFFER_BYTES wait in memory, and the synchronous
 * flush at exit is skipped while writes fail (sonic-boom would retry it forever).
 */
export function createLogger(options: { file: string; level: string }): DaemonLogger {
  const destination = pino.destination({
    dest: options.file,
    mkdir: true,
    sync: false,
    mode: 0o600,
    maxLength: MAX_LOG_BUFFER_BYTES,
  });
  let failing = false;
  destination.on('error', (error: NodeJS.ErrnoException) => {
    if (!failing) process.stderr.write(`rdv-server: cannot write ${options.file} (${error.code ?? error.message}); dropping log lines until it can\n`);
    failing = true;
  });
  destination.on('write', () => (failing = false));
  const flushSync = destination.flushSync.bind(destination);
  destination.flushSync = () => {
    if (!failing) flushSync();
  };
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
