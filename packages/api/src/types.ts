// Types the services share with the request context. They import no service, so a service can
// use them without importing context.ts (which imports every service): no import circle.
import type { IncomingHttpHeaders } from 'node:http';
import type { Outbound } from '@rdv/terminal';
import type { HealthStatus } from './schemas/health.ts';
import type { HostAddInput, HostHealth, HostState, HostSummary } from './schemas/hosts.ts';

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
  /** Everything but the hosts, which the hosts manager reports (the health procedure joins them). */
  current(): Omit<HealthStatus, 'hosts'>;
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

/**
 * The fleet: other machines' rdv-servers reached over SSH. Implemented by the daemon, which owns
 * the ssh processes and the tunnels; the services only route the procedures to it.
 */
export interface HostsManager {
  list(): Promise<HostSummary[]>;
  /** Checks the host over ssh, takes a CLI token of its rdv there, keeps it and connects. */
  add(input: HostAddInput): Promise<HostSummary>;
  /** Reconnects now if needed and asks the remote rdv for its version and sessions. */
  test(name: string): Promise<HostSummary>;
  /** Disconnects, forgets the host and its token, and revokes that token there when reachable. */
  remove(name: string): Promise<{ name: string; remoteTokenRevoked: boolean }>;
  /** Each host's state, for `health` (no I/O). */
  health(): HostHealth[];
}

/**
 * One host's sessions and folders as the dashboard lists them: live while the host is connected,
 * else the last list seen (kept on disk by the daemon), so a host that went away stays listed.
 * The lists are the host's own `sessions.list` and `folders.list` answers, as it sent them.
 */
export interface HostSessionList {
  name: string;
  state: HostState;
  reason: string | null;
  /** True when `sessions` came from the host just now; false for the last-known list. */
  live: boolean;
  /** When the lists were fetched from the host (ISO 8601); null if never. */
  fetchedAt: string | null;
  sessions: unknown[];
  folders: unknown[];
}

/** Each host's sessions for the dashboard (`hosts.sessions`); implemented by the daemon. */
export interface HostSessionsSource {
  lists(): Promise<HostSessionList[]>;
}
