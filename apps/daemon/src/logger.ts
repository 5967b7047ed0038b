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

export type DaemonLogger = Logger;

/** Structured JSON lines to server.log (pino), asynchronous so logging never blocks a request. */
export function createLogger(options: { file: string; level: string }): DaemonLogger {
  const destination = pino.destination({ dest: options.file, mkdir: true, sync: false, mode: 0o600 });
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
