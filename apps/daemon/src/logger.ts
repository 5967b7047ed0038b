import pino, { type Logger } from 'pino';
import { rotateBySize, type ReopenableDestination, type RotationPolicy } from './log-rotation.ts';

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
/** How long a failed start waits for its last lines to reach the log before exiting. */
const SETTLE_TIMEOUT_MS = 1_000;

export type DaemonLogger = Logger;

type Destination = ReopenableDestination & {
  flushSync(): void;
  once(event: 'ready', listener: () => void): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
};

/** When each logger's file is open (a synchronous flush before that throws). */
const opened = new WeakMap<Logger, Promise<void>>();

/**
 * Structured JSON lines to server.log (pino), asynchronous so logging never blocks a request,
 * rotated by size (see rotateBySize). A log that cannot be written (full disk, ENOSPC) must never
 * stop the daemon: write errors are reported once on stderr, at most MAX_LOG_BUFFER_BYTES wait in
 * memory, and the synchronous flush at exit is skipped while writes fail or before the file is
 * open (sonic-boom would retry it forever, or throw "sonic boom is not ready yet").
 */
export function createLogger(options: { file: string; level: string; rotation: RotationPolicy }): DaemonLogger {
  const destination = pino.destination({
    dest: options.file,
    mkdir: true,
    sync: false,
    mode: 0o600,
    maxLength: MAX_LOG_BUFFER_BYTES,
  }) as unknown as Destination;
  let failing = false;
  let ready = false;
  const isOpen = new Promise<void>((resolve) =>
    destination.once('ready', () => {
      ready = true;
      resolve();
    }),
  );
  destination.on('error', (error: NodeJS.ErrnoException) => {
    if (!failing) process.stderr.write(`rdv-server: cannot write ${options.file} (${error.code ?? error.message}); dropping log lines until it can\n`);
    failing = true;
  });
  destination.on('write', () => (failing = false));
  rotateBySize(destination, options.file, options.rotation, (error) =>
    process.stderr.write(`rdv-server: cannot rotate ${options.file} (${error.message}); will try again\n`),
  );
  const flushSync = destination.flushSync.bind(destination);
  destination.flushSync = () => {
    if (ready && !failing) flushSync();
  };
  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
  opened.set(logger, isOpen);
  return logger;
}

/**
 * Waits (briefly) for the log file to open, so that the flush at exit writes out what is
 * buffered: a start that fails in its first milliseconds still leaves its reason in server.log.
 */
export async function settleLogger(logger: DaemonLogger): Promise<void> {
  const isOpen = opened.get(logger);
  if (!isOpen) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([isOpen, new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_TIMEOUT_MS)))]);
  clearTimeout(timer);
}
