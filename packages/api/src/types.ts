// Types the services share with the request context. They import no service, so a service can
// use them without importing context.ts (which imports every service): no import circle.
import type { IncomingHttpHeaders } from 'node:http';
import type { Outbound } from '@rdv/terminal';
import type { HealthStatus } from './schemas/health.ts';

/** Where a call came from: the adapter fills this in; tests may leave headers empty. */
export interface RequestInfo {
  headers: IncomingHttpHeaders;
  transport: 'http' | 'ws' | 'internal';
  /**
   * The connection the call came on (`http:12`, `ws:3`), set by the daemon: keys the failed-
   * authentication backoff of local clients, which have no address. Absent for in-process calls.
   */
  connection?: string;
  /** The client's connection (queued bytes, drain events): lets streams apply backpressure. */
  outbound?: Outbound;
}

/** Reports the daemon's health; implemented by the daemon, which owns the measurements. */
export interface HealthReporter {
  current(): HealthStatus;
  /**
   * Live sessions vanished from tmux (killed behind rdv's back, or the tmux server died): health
   * says so until a tmux server runs again.
   */
  noteLostSessions?(count: number): void;
}

/** Minimal structured logger, satisfied by pino. */
export interface ApiLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
